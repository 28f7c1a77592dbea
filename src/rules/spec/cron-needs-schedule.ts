/** A CronJob without a schedule is rejected by the API server; say so before apply. */
import type { Issue } from '../../diagnostics/issue.js';
import type { SpecRule } from '../rule.js';

export const cronNeedsSchedule: SpecRule = {
  meta: {
    id: 'cron-needs-schedule',
    description: 'A kind: cron service has a schedule',
    remediation: 'add schedule: "*/5 * * * *"',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    for (const [base, svc] of Object.entries(stack.services ?? {})) {
      if (svc.kind === 'cron' && !svc.schedule) {
        issues.push({
          code: 'cron-needs-schedule',
          message: `cron "${base}" needs a schedule`,
          hint: 'add schedule: "*/5 * * * *"',
          path: ['services', base, 'kind'],
        });
      }
    }
    return issues;
  },
};
