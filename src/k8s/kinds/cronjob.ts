import { workloadKind } from './kind.js';

/** A CronJob has no rollout: it is done once it exists, and its runs are Jobs of their own. */
export const cronJob = workloadKind('batch/v1', 'CronJob', 3, {
  // A CronJob wants nothing running between schedules; "ready" counts the Jobs running right now.
  counts: (live) => ({ desired: 0, ready: ((live as { status?: { active?: unknown[] } }).status?.active ?? []).length }),
});
