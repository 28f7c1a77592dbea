import type { ObjectRule } from '../rule.js';
import { containerName } from '../../lint/pod-facts.js';

export const hostPort: ObjectRule = {
  meta: {
    id: 'host-port',
    description: 'A container binds a port on the node (hostPort): two replicas cannot share a node, and the port bypasses Services and policies',
    remediation: 'drop hostPort and reach the pods through a Service (NodePort or LoadBalancer when it must be outside the cluster)',
    severity: 'warning',
  },
  subject: 'object',
  check: (ix) =>
    ix.containers.flatMap((s) =>
      (s.container.ports ?? []).flatMap((port, i) => (port.hostPort ? [{ object: s.pod.object, message: `${containerName(s)} binds host port ${port.hostPort}`, field: `${s.at}.ports[${i}].hostPort` }] : [])),
    ),
};
