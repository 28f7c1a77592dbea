import type { ObjectRule } from '../rule.js';
import type { LabelSelector } from '../../lint/object-index.js';
import { selectorMatches } from '../../lint/object-index.js';

export const networkPolicyMissing: ObjectRule = {
  meta: {
    id: 'network-policy-missing',
    description: 'No NetworkPolicy selects the pods of a workload: anything in the cluster can reach them, and they can reach anything',
    remediation: 'add a NetworkPolicy selecting the pods (a default-deny for the namespace plus the allowed peers)',
    severity: 'warning',
    productionOnly: true,
  },
  subject: 'object',
  check: (ix) => {
    const policies = ix.ofKind('NetworkPolicy');
    return ix.pods
      .filter((p) => !policies.some((np) => ix.namespaceOf(np) === p.namespace && selectorMatches((np as { spec?: { podSelector?: LabelSelector } }).spec?.podSelector, p.labels)))
      .map((p) => ({ object: p.object, message: `no NetworkPolicy selects the pods of ${p.object.kind} ${p.object.metadata.name}`, stackKey: ['allow'] }));
  },
};
