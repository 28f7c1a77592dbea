import type { ObjectRule } from '../rule.js';

export const hostIPC: ObjectRule = {
  meta: {
    id: 'host-ipc',
    description: "A pod shares the node's IPC namespace (hostIPC: true)",
    remediation: 'drop hostIPC; a pod that must see the node belongs in a reviewed system namespace, with an ignore and its reason',
    severity: 'error',
  },
  subject: 'object',
  check: (ix) => ix.pods.filter((p) => p.spec.hostIPC === true).map((p) => ({ object: p.object, message: 'the pod uses the host IPC namespace', field: `${p.at}.hostIPC` })),
};
