/** Workers, crons and jobs get no Service, so ports on them would be silently unreachable. */
import type { Issue } from '../../diagnostics/issue.js';
import type { SpecRule } from '../rule.js';

const WITHOUT_PORTS = new Set(['worker', 'cron', 'job']);

export const portsNotAllowed: SpecRule = {
  meta: {
    id: 'ports-not-allowed',
    description: 'Workers, crons and jobs declare no ports',
    remediation: 'use kind: service for workloads that listen, or remove ports',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    for (const [base, svc] of Object.entries(stack.services ?? {})) {
      const kind = svc.kind ?? 'service';
      if (WITHOUT_PORTS.has(kind) && Object.keys(svc.ports ?? {}).length) {
        issues.push({
          code: 'ports-not-allowed',
          message: `a ${kind} has no ports ("${base}")`,
          hint: 'use kind: service for workloads that listen',
          path: ['services', base, 'ports'],
        });
      }
    }
    return issues;
  },
};
