import type { ObjectRule } from '../rule.js';

export const hostPID: ObjectRule = {
  meta: {
    id: 'host-pid',
    description: "A pod shares the node's PID namespace (hostPID: true)",
    remediation: 'drop hostPID; a pod that must see the node belongs in a reviewed system namespace, with an ignore and its reason',
    severity: 'error',
  },
  subject: 'object',
  check: (ix) => ix.pods.filter((p) => p.spec.hostPID === true).map((p) => ({ object: p.object, message: 'the pod uses the host PID namespace', field: `${p.at}.hostPID` })),
};
