import type { ObjectRule } from '../rule.js';
import type { LabelSelector } from '../../lint/object-index.js';

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
    const covered = ix.podsCoveredBy(ix.ofKind('NetworkPolicy'), (np) => (np as { spec?: { podSelector?: LabelSelector } }).spec?.podSelector);
    return ix.pods
      .filter((p) => !covered.has(p))
      .map((p) => ({ object: p.object, message: `no NetworkPolicy selects the pods of ${p.object.kind} ${p.object.metadata.name}`, stackKey: ['allow'] }));
  },
};
