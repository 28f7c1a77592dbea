import type { ObjectRule } from '../rule.js';
import type { LabelSelector } from '../../lint/object-index.js';
import { replicaFloor } from '../../lint/pod-facts.js';

interface Pdb {
  spec?: { selector?: LabelSelector; minAvailable?: number | string; maxUnavailable?: number | string };
}

const zero = (v: number | string | undefined) => v === 0 || v === '0%' || v === '0';

export const pdbBlocksEviction: ObjectRule = {
  meta: {
    id: 'pdb-blocks-eviction',
    description: 'A PodDisruptionBudget allows no voluntary disruption (minAvailable at or above the replicas, or maxUnavailable 0): node drains and cluster upgrades hang',
    remediation: 'lower minAvailable below the replica count (or the autoscaler minimum), or use maxUnavailable: 1',
    severity: 'error',
  },
  subject: 'object',
  check: (ix) =>
    ix.ofKind('PodDisruptionBudget').flatMap((pdb) => {
      const spec = (pdb as Pdb).spec ?? {};
      if (zero(spec.maxUnavailable)) return [{ object: pdb, message: 'maxUnavailable is 0: no pod may ever be evicted', field: 'spec.maxUnavailable', stackKey: ['disruption'] }];
      if (spec.minAvailable === '100%') return [{ object: pdb, message: 'minAvailable is 100%: no pod may ever be evicted', field: 'spec.minAvailable', stackKey: ['disruption'] }];
      if (typeof spec.minAvailable !== 'number') return [];
      const min = spec.minAvailable;
      return ix
        .podsSelectedBy(ix.namespaceOf(pdb), spec.selector)
        .map((p) => p.object)
        .filter((w) => (w.kind === 'Deployment' || w.kind === 'StatefulSet') && replicaFloor(ix, w) <= min)
        .map((w) => ({ object: pdb, message: `minAvailable ${min} leaves no pod of ${w.kind} ${w.metadata.name} (${replicaFloor(ix, w)} replicas at the least) free to evict`, field: 'spec.minAvailable', stackKey: ['disruption'] }));
    }),
};
