import type { ObjectRule } from '../rule.js';
import type { LabelSelector } from '../../lint/object-index.js';

export const pdbSelectsNothing: ObjectRule = {
  meta: {
    id: 'pdb-selects-nothing',
    description: 'A PodDisruptionBudget selects none of the pods in the input: it protects nothing (usually a label typo)',
    remediation: "make spec.selector match the workload's pod template labels",
    severity: 'warning',
  },
  subject: 'object',
  check: (ix) =>
    ix.ofKind('PodDisruptionBudget')
      .filter((pdb) => !ix.podsSelectedBy(ix.namespaceOf(pdb), (pdb as { spec?: { selector?: LabelSelector } }).spec?.selector).length)
      .map((pdb) => ({ object: pdb, message: `PodDisruptionBudget ${pdb.metadata.name} selects no pods`, field: 'spec.selector', stackKey: ['disruption'] })),
};
