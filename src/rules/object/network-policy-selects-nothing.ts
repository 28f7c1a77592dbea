import type { ObjectRule } from '../rule.js';
import type { LabelSelector } from '../../lint/object-index.js';

export const networkPolicySelectsNothing: ObjectRule = {
  meta: {
    id: 'network-policy-selects-nothing',
    description: 'A NetworkPolicy with a pod selector selects none of the pods in the input: it isolates nothing (usually a label typo)',
    remediation: "make spec.podSelector match the pod template labels of the workload it is meant for",
    severity: 'warning',
  },
  subject: 'object',
  check: (ix) =>
    ix.ofKind('NetworkPolicy')
      .filter((np) => {
        const sel = (np as { spec?: { podSelector?: LabelSelector } }).spec?.podSelector;
        const empty = !sel || (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length);
        return !empty && !ix.podsSelectedBy(ix.namespaceOf(np), sel).length;
      })
      .map((np) => ({ object: np, message: `NetworkPolicy ${np.metadata.name} selects no pods`, field: 'spec.podSelector', stackKey: ['allow'] })),
};
