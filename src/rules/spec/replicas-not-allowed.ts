/** An agent is a DaemonSet: the node count decides its pods, so replicas would be ignored. */
import type { Issue } from '../../diagnostics/issue.js';
import type { SpecRule } from '../rule.js';

export const replicasNotAllowed: SpecRule = {
  meta: {
    id: 'replicas-not-allowed',
    description: 'An agent (one pod per node) sets no replicas',
    remediation: 'remove replicas',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    for (const [base, svc] of Object.entries(stack.services ?? {})) {
      if (svc.kind === 'agent' && svc.replicas !== undefined) {
        issues.push({
          code: 'replicas-not-allowed',
          message: 'an agent runs one pod per node; replicas does not apply',
          hint: 'remove replicas',
          path: ['services', base, 'replicas'],
        });
      }
    }
    return issues;
  },
};
