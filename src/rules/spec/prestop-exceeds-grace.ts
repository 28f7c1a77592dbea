/**
 * The preStop hook runs inside the grace period: a sleep as long as the period leaves the app no time to shut
 * down cleanly (it is killed the moment SIGTERM would arrive), and a longer one is refused by the API server.
 */
import type { Issue } from '../../diagnostics/issue.js';
import type { SpecRule } from '../rule.js';

/** Kubernetes' terminationGracePeriodSeconds when the pod does not set one. */
export const DEFAULT_GRACE_SECONDS = 30;

export const prestopExceedsGrace: SpecRule = {
  meta: {
    id: 'prestop-exceeds-grace',
    description: 'A preStop sleep is shorter than the grace period (gracePeriod, default 30 s), leaving the app time to stop',
    remediation: 'sleep less, or raise gracePeriod above the sleep plus the shutdown time',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    for (const [name, svc] of Object.entries(stack.services ?? {})) {
      const sleep = svc.preStop && 'sleep' in svc.preStop ? svc.preStop.sleep : undefined;
      const grace = svc.gracePeriod ?? DEFAULT_GRACE_SECONDS;
      if (sleep === undefined || sleep < grace) continue;
      issues.push({
        code: 'prestop-exceeds-grace',
        message: `preStop sleeps ${sleep}s but "${name}" gets ${grace}s to stop${svc.gracePeriod === undefined ? ' (the default gracePeriod)' : ''}: the app would be killed before it could shut down`,
        hint: `sleep less than ${grace}s, or set gracePeriod: ${sleep + DEFAULT_GRACE_SECONDS}`,
        path: ['services', name, 'preStop', 'sleep'],
      });
    }
    return issues;
  },
};
