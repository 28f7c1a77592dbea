/** Two ports with one number: the container cannot listen twice, and the Service would be rejected. */
import type { Issue } from '../../diagnostics/issue.js';
import type { SpecRule } from '../rule.js';

export const portClash: SpecRule = {
  meta: {
    id: 'port-clash',
    description: 'No two ports of a service use the same container port number',
    remediation: 'remove one of the ports or give it another number',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    for (const [name, svc] of Object.entries(stack.services ?? {})) {
      const byNumber = new Map<number, string>();
      for (const [port, p] of Object.entries(svc.ports ?? {})) {
        const n = typeof p === 'number' ? p : p.port;
        const other = byNumber.get(n);
        if (other) {
          issues.push({
            code: 'port-clash',
            message: `ports "${other}" and "${port}" of "${name}" both use ${n}`,
            hint: 'each container port number may be declared once',
            path: ['services', name, 'ports', port],
          });
        }
        byNumber.set(n, port);
      }
    }
    return issues;
  },
};
