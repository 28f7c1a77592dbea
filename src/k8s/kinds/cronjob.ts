import type { KindInfo } from './kind.js';

/** A CronJob has no rollout: it is done once it exists, and its runs are Jobs of their own. */
export const cronJob: KindInfo = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  phase: 'workload',
  namespaced: true,
  prunable: true,
  workloadRank: 3,
  // A CronJob wants nothing running between schedules; "ready" counts the Jobs running right now.
  counts: (live) => ({ desired: 0, ready: ((live as { status?: { active?: unknown[] } }).status?.active ?? []).length }),
};
