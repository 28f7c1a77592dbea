import type { ObjectRule } from '../rule.js';
import { replicaFloor, replicated } from '../../lint/pod-facts.js';

export const noAntiAffinity: ObjectRule = {
  meta: {
    id: 'no-anti-affinity',
    description: 'A replicated workload neither spreads its pods (topologySpreadConstraints) nor keeps them apart (podAntiAffinity): all replicas may land on one node',
    remediation: 'add topologySpreadConstraints over kubernetes.io/hostname (and the zone), or a preferred podAntiAffinity',
    severity: 'warning',
    productionOnly: true,
  },
  subject: 'object',
  check: (ix) =>
    replicated(ix)
      .filter((w) => replicaFloor(ix, w) >= 2)
      .filter((w) => {
        const spec = ix.podOf(w)?.spec;
        return spec && !spec.affinity?.podAntiAffinity && !spec.topologySpreadConstraints?.length;
      })
      .map((w) => ({ object: w, message: `the pods of ${w.kind} ${w.metadata.name} may all run on one node`, field: 'spec.template.spec.topologySpreadConstraints', stackKey: ['spread'] })),
};
