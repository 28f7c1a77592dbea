import type { ObjectRule } from '../rule.js';
import type { LabelSelector } from '../../lint/object-index.js';
import { selectorMatches } from '../../lint/object-index.js';

const KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'];

export const selectorMismatch: ObjectRule = {
  meta: {
    id: 'selector-mismatch',
    description: "A workload's spec.selector does not select its own pod template's labels: the API server refuses it",
    remediation: 'make every spec.selector.matchLabels entry a label of spec.template.metadata.labels',
    severity: 'error',
  },
  subject: 'object',
  check: (ix) =>
    KINDS.flatMap((k) => ix.ofKind(k)).flatMap((o) => {
      const pod = ix.podOf(o);
      const selector = (o as { spec?: { selector?: LabelSelector } }).spec?.selector;
      return pod && selector && !selectorMatches(selector, pod.labels) ? [{ object: o, message: `spec.selector of ${o.kind} ${o.metadata.name} does not match its pod template labels`, field: 'spec.selector' }] : [];
    }),
};
