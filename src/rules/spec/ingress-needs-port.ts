/** An ingress routes to a Service port; without ports there is nothing to route to. */
import type { Issue } from '../../diagnostics/issue.js';
import type { SpecRule } from '../rule.js';

export const ingressNeedsPort: SpecRule = {
  meta: {
    id: 'ingress-needs-port',
    description: 'A service with an ingress has ports',
    remediation: 'add ports: {http: 8080}, or remove the ingress',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    for (const [base, svc] of Object.entries(stack.services ?? {})) {
      if (svc.ingress && !Object.keys(svc.ports ?? {}).length) {
        issues.push({
          code: 'ingress-needs-port',
          message: `"${base}" has an ingress but no ports`,
          hint: 'add ports: {http: 8080}',
          path: ['services', base, 'ingress'],
        });
      }
    }
    return issues;
  },
};
