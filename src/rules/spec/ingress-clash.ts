/**
 * Two unstamped services or infra entries routing the same ingress host and path: the controller picks one at random.
 * Stamped services are left out, since their hosts usually differ per tenant or shard.
 */
import type { Issue } from '../../diagnostics/issue.js';
import type { SpecRule } from '../rule.js';
import { ingresses } from './stack-fields.js';

export const ingressClash: SpecRule = {
  meta: {
    id: 'ingress-clash',
    description: 'No two services or infra entries route the same ingress host and path',
    remediation: 'give one of them another host or path',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    const routes = new Map<string, string>();
    for (const { name, path, ingress, stamped } of ingresses(stack)) {
      if (stamped) continue;
      const route = `${ingress.host}${ingress.path ?? '/'}`;
      const other = routes.get(route);
      if (other) {
        issues.push({
          code: 'ingress-clash',
          message: `"${name}" and "${other}" both route ${route}`,
          hint: 'give one of them another host or path',
          path: [...path, 'host'],
        });
      }
      routes.set(route, name);
    }
    return issues;
  },
};
