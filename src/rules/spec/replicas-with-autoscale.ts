/**
 * With autoscale, the HorizontalPodAutoscaler sets the replica count between min and max, and slipway writes
 * none (workloads/deployment.ts), so a `replicas:` beside it is ignored. A warning, not an error: the stack
 * still means one thing. Usually replicas comes from the base and autoscale from one environment; setting
 * replicas only in the environments that do not autoscale says what happens.
 */
import type { Issue } from '../../diagnostics/issue.js';
import { autoscaleOf } from '../../model/autoscale.js';
import type { SpecRule } from '../rule.js';

export const replicasWithAutoscale: SpecRule = {
  meta: {
    id: 'replicas-with-autoscale',
    description: 'A service with autoscale sets no replicas (the autoscaler owns the count)',
    remediation: 'remove replicas, or set it only in environments without autoscale',
    severity: 'warning',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    for (const [name, svc] of Object.entries(stack.services ?? {})) {
      const a = autoscaleOf(svc);
      if (!a || svc.replicas === undefined) continue;
      issues.push({
        code: 'replicas-with-autoscale',
        message: `replicas: ${svc.replicas} of "${name}" is ignored: the autoscaler keeps ${a.min} to ${a.max} pods`,
        hint: 'remove replicas here, or set it only in the environments without autoscale',
        path: ['services', name, 'replicas'],
      });
    }
    return issues;
  },
};
