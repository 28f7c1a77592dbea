import type { ObjectRule } from '../rule.js';

export const cronjobNoDeadline: ObjectRule = {
  meta: {
    id: 'cronjob-no-deadline',
    description: 'A CronJob sets no startingDeadlineSeconds: after the controller misses 100 schedules (a long outage) it stops scheduling the job for good',
    remediation: 'set spec.startingDeadlineSeconds (e.g. 300)',
    severity: 'warning',
  },
  subject: 'object',
  check: (ix) =>
    ix.ofKind('CronJob')
      .filter((c) => (c as { spec?: { startingDeadlineSeconds?: number } }).spec?.startingDeadlineSeconds === undefined)
      .map((c) => ({ object: c, message: `CronJob ${c.metadata.name} has no startingDeadlineSeconds`, field: 'spec.startingDeadlineSeconds', stackKey: ['schedule'] })),
};
