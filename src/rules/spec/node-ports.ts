/**
 * Fixed node ports: the API server refuses them on a ClusterIP Service, and a node port belongs to one Service
 * in the whole cluster, so two Services of the stack (or the tenant and shard copies of one) cannot share it.
 */
import type { Issue } from '../../diagnostics/issue.js';
import type { SpecRule } from '../rule.js';

export const nodePorts: SpecRule = {
  meta: {
    id: 'node-ports',
    description: 'nodePorts need expose type NodePort or LoadBalancer, and each node port is used once in the stack',
    remediation: 'set expose: {type: NodePort}, or pick another node port (or leave it to the cluster)',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    const taken = new Map<number, string>();
    for (const [name, svc] of Object.entries(stack.services ?? {})) {
      const expose = svc.expose;
      if (!expose?.nodePorts) continue;
      const type = expose.type ?? 'ClusterIP';
      if (type === 'ClusterIP') {
        issues.push({
          code: 'node-ports',
          message: `"${name}" fixes node ports but its Service is ClusterIP, which has none`,
          hint: 'set expose: {type: NodePort} (or LoadBalancer), or remove nodePorts',
          path: ['services', name, 'expose', 'nodePorts'],
          atKey: true,
        });
        continue;
      }
      for (const [port, nodePort] of Object.entries(expose.nodePorts)) {
        const path = ['services', name, 'expose', 'nodePorts', port];
        const other = taken.get(nodePort);
        if (other) issues.push({ code: 'node-ports', message: `node port ${nodePort} is used by "${other}" and "${name}"`, hint: 'pick another node port, or leave nodePorts out and let the cluster choose', path });
        else if (svc.perTenant || svc.shards) {
          issues.push({
            code: 'node-ports',
            message: `"${name}" is stamped per ${svc.shards ? 'shard' : 'tenant'}, and every copy would claim node port ${nodePort}`,
            hint: 'leave nodePorts out and let the cluster choose one per copy',
            path,
          });
        }
        taken.set(nodePort, name);
      }
    }
    return issues;
  },
};
