/** A schedule on anything but a cron would be ignored, which is never what the author meant. */
import type { Issue } from '../../diagnostics/issue.js';
import type { SpecRule } from '../rule.js';

export const scheduleNotCron: SpecRule = {
  meta: {
    id: 'schedule-not-cron',
    description: 'Only a kind: cron service has a schedule',
    remediation: 'add kind: cron or remove schedule',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    for (const [base, svc] of Object.entries(stack.services ?? {})) {
      const kind = svc.kind ?? 'service';
      if (kind !== 'cron' && svc.schedule) {
        issues.push({
          code: 'schedule-not-cron',
          message: `schedule is only for kind: cron ("${base}" is ${kind})`,
          hint: 'add kind: cron or remove schedule',
          path: ['services', base, 'schedule'],
        });
      }
    }
    return issues;
  },
};
