/** perTenant stamps one copy per tenant; without tenants the service would silently vanish. */
import type { Issue } from '../../diagnostics/issue.js';
import type { SpecRule } from '../rule.js';

export const noTenants: SpecRule = {
  meta: {
    id: 'no-tenants',
    description: 'A perTenant service needs tenants in the stack or the environment',
    remediation: 'add `tenants: [a, b]`, or remove perTenant',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    if ((stack.tenants ?? []).length) return [];
    const issues: Issue[] = [];
    for (const [base, svc] of Object.entries(stack.services ?? {})) {
      if (!svc.perTenant) continue;
      issues.push({
        code: 'no-tenants',
        message: `"${base}" is perTenant but the stack has no tenants`,
        hint: 'add `tenants: [a, b]` at the top level or in this environment',
        path: ['services', base, 'perTenant'],
      });
    }
    return issues;
  },
};
