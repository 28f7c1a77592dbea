/** A cron schedule the CronJob API would refuse fails here, at its line, instead of at apply time. */
import type { SpecRule } from '../rule.js';
import { scheduleProblem } from './cron-syntax.js';

export const invalidSchedule: SpecRule = {
  meta: {
    id: 'invalid-schedule',
    description: 'Cron schedules parse as the CronJob API parses them',
    remediation: 'five fields "minute hour day-of-month month day-of-week", or @hourly/@daily/@weekly/@monthly/@yearly',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    return Object.entries(stack.services ?? {}).flatMap(([name, svc]) => {
      if (svc.schedule === undefined) return [];
      const problem = scheduleProblem(svc.schedule);
      if (!problem) return [];
      const tz = problem.startsWith('a time zone');
      return [
        {
          code: 'invalid-schedule',
          message: `schedule "${svc.schedule}" of "${name}" is not valid: ${problem}`,
          hint: tz ? 'remove the TZ= prefix; the schedule runs in the controller time zone (UTC on most clusters)' : 'e.g. "*/5 * * * *", "0 3 * * mon-fri" or "@daily"',
          path: ['services', name, 'schedule'],
        },
      ];
    });
  },
};
