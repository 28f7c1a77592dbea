import type { ObjectRule } from '../rule.js';

interface Pdb {
  spec?: { minAvailable?: unknown; maxUnavailable?: unknown };
}

export const pdbWithoutPolicy: ObjectRule = {
  meta: {
    id: 'pdb-without-policy',
    description: 'A PodDisruptionBudget sets neither minAvailable nor maxUnavailable: the disruption controller then allows every eviction, so it protects nothing',
    remediation: 'set maxUnavailable: 1 (or a minAvailable below the replica count)',
    severity: 'warning',
  },
  subject: 'object',
  check: (ix) =>
    ix.ofKind('PodDisruptionBudget')
      .filter((pdb) => (pdb as Pdb).spec?.minAvailable === undefined && (pdb as Pdb).spec?.maxUnavailable === undefined)
      .map((pdb) => ({ object: pdb, message: `PodDisruptionBudget ${pdb.metadata.name} sets neither minAvailable nor maxUnavailable`, field: 'spec', stackKey: ['disruption'] })),
};
