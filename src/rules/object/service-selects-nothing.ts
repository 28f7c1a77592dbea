import type { ObjectRule } from '../rule.js';

interface Svc {
  spec?: { selector?: Record<string, string>; type?: string };
}

export const serviceSelectsNothing: ObjectRule = {
  meta: {
    id: 'service-selects-nothing',
    description: 'A Service selects none of the pod templates in the input: it has no endpoints and every connection to it fails',
    remediation: "make spec.selector match the workload's pod template labels (or lint the workload together with the Service)",
    severity: 'error',
  },
  subject: 'object',
  check: (ix) =>
    ix.ofKind('Service')
      .filter((s) => {
        const { selector, type } = (s as Svc).spec ?? {};
        return type !== 'ExternalName' && selector && Object.keys(selector).length && !ix.podsSelectedBy(ix.namespaceOf(s), { matchLabels: selector }).length;
      })
      .map((s) => ({ object: s, message: `Service ${s.metadata.name} selects no pods`, field: 'spec.selector', stackKey: ['ports'] })),
};
