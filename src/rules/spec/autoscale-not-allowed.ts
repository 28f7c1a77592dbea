/**
 * A HorizontalPodAutoscaler scales a Deployment: a cron or job runs to completion and an agent runs one pod per
 * node, so none of them has a replica count for it to set.
 */
import type { Issue } from '../../diagnostics/issue.js';
import { AUTOSCALED_KINDS } from '../../model/autoscale.js';
import type { SpecRule } from '../rule.js';

export const autoscaleNotAllowed: SpecRule = {
  meta: {
    id: 'autoscale-not-allowed',
    description: 'Only a service or worker autoscales',
    remediation: 'remove autoscale, or make it a service or worker',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    for (const [name, svc] of Object.entries(stack.services ?? {})) {
      const kind = svc.kind ?? 'service';
      if (!svc.autoscale || AUTOSCALED_KINDS.includes(kind)) continue;
      issues.push({
        code: 'autoscale-not-allowed',
        message: `"${name}" is a ${kind}: ${kind === 'agent' ? 'it runs one pod per node' : 'it runs to completion'}, so there is no replica count to autoscale`,
        hint: 'remove autoscale',
        path: ['services', name, 'autoscale'],
        atKey: true,
      });
    }
    return issues;
  },
};
