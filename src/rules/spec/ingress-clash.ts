/**
 * Two unstamped services routing the same host and path: the ingress controller picks one at random.
 * Stamped services are left out, since their hosts usually differ per tenant or shard.
 */
import type { Issue } from '../../diagnostics/issue.js';
import type { SpecRule } from '../rule.js';

export const ingressClash: SpecRule = {
  meta: {
    id: 'ingress-clash',
    description: 'No two services route the same ingress host and path',
    remediation: 'give one of them another host or path',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    const routes = new Map<string, string>();
    for (const [name, svc] of Object.entries(stack.services ?? {})) {
      if (!svc.ingress || svc.perTenant || svc.shards) continue;
      const route = `${svc.ingress.host}${svc.ingress.path ?? '/'}`;
      const other = routes.get(route);
      if (other) {
        issues.push({
          code: 'ingress-clash',
          message: `"${name}" and "${other}" both route ${route}`,
          hint: 'give one of them another host or path',
          path: ['services', name, 'ingress', 'host'],
        });
      }
      routes.set(route, name);
    }
    return issues;
  },
};
