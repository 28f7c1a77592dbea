import type { ObjectRule } from '../rule.js';
import { selectorMatches, type LabelSelector, type ObjectIndex } from '../../lint/object-index.js';
import { isCustomGroup } from '../../k8s/kinds/index.js';

/**
 * Pods an operator will make from a custom resource in the namespace, by the labels the resource hands down to
 * them (CloudNativePG's spec.inheritedMetadata.labels): the input has no pod template for them.
 */
export function operatorPodsSelected(ix: ObjectIndex, namespace: string, sel: LabelSelector): boolean {
  return ix.all.some((o) => {
    if (!isCustomGroup(o.apiVersion) || ix.namespaceOf(o) !== namespace) return false;
    const labels = (o as { spec?: { inheritedMetadata?: { labels?: Record<string, string> } } }).spec?.inheritedMetadata?.labels;
    return labels !== undefined && selectorMatches(sel, labels);
  });
}

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
        return !empty && !ix.podsSelectedBy(ix.namespaceOf(np), sel).length && !operatorPodsSelected(ix, ix.namespaceOf(np), sel!);
      })
      .map((np) => ({ object: np, message: `NetworkPolicy ${np.metadata.name} selects no pods`, field: 'spec.podSelector', stackKey: ['allow'] })),
};
