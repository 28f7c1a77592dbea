/**
 * An autoscale range the HorizontalPodAutoscaler API would refuse (min above max) or that never scales (no
 * metric: the HPA then reports it cannot compute a replica count and holds the current one).
 */
import type { Issue } from '../../diagnostics/issue.js';
import type { SpecRule } from '../rule.js';

export const autoscaleBounds: SpecRule = {
  meta: {
    id: 'autoscale-bounds',
    description: 'An autoscale range has min at most max and a cpu or memory target',
    remediation: 'set min ≤ max, and cpu: 70 (or memory: 80) as the target utilization',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    for (const [name, svc] of Object.entries(stack.services ?? {})) {
      const a = svc.autoscale;
      if (!a) continue;
      if (a.min > a.max) {
        issues.push({
          code: 'autoscale-bounds',
          message: `autoscale.min ${a.min} of "${name}" is above its max ${a.max}`,
          hint: `raise max to at least ${a.min}, or lower min`,
          path: ['services', name, 'autoscale', 'min'],
        });
      } else if (a.cpu === undefined && a.memory === undefined) {
        issues.push({
          code: 'autoscale-bounds',
          message: `autoscale of "${name}" has no target: without cpu or memory the autoscaler never changes the count`,
          hint: 'add cpu: 70 (scale out above 70% of the CPU request) or memory: 80',
          path: ['services', name, 'autoscale'],
          atKey: true,
        });
      }
    }
    return issues;
  },
};
