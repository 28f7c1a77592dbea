import type { ObjectRule } from '../rule.js';

export const hostNetwork: ObjectRule = {
  meta: {
    id: 'host-network',
    description: "A pod shares the node's Network namespace (hostNetwork: true)",
    remediation: 'drop hostNetwork; a pod that must see the node belongs in a reviewed system namespace, with an ignore and its reason',
    severity: 'error',
  },
  subject: 'object',
  check: (ix) => ix.pods.filter((p) => p.spec.hostNetwork === true).map((p) => ({ object: p.object, message: 'the pod uses the host Network namespace', field: `${p.at}.hostNetwork` })),
};
