import type { ObjectRule } from '../rule.js';
import type { LabelSelector } from '../../lint/object-index.js';
import { replicaFloor, replicated } from '../../lint/pod-facts.js';

export const missingPdb: ObjectRule = {
  meta: {
    id: 'missing-pdb',
    description: 'A replicated Deployment or StatefulSet has no PodDisruptionBudget: a node drain may evict all its pods at once',
    remediation: 'add a PodDisruptionBudget selecting its pods with maxUnavailable: 1',
    severity: 'warning',
    productionOnly: true,
  },
  subject: 'object',
  check: (ix) => {
    const covered = ix.podsCoveredBy(ix.ofKind('PodDisruptionBudget'), (b) => (b as { spec?: { selector?: LabelSelector } }).spec?.selector);
    return replicated(ix)
      .filter((w) => replicaFloor(ix, w) >= 2)
      .filter((w) => {
        const pod = ix.podOf(w);
        return pod && !covered.has(pod);
      })
      .map((w) => ({ object: w, message: `no PodDisruptionBudget covers the pods of ${w.kind} ${w.metadata.name}`, stackKey: ['disruption'] }));
  },
};
