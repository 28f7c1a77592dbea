/** Services and infra share one namespace of Kubernetes objects, so a name may be only one of them. */
import type { Issue } from '../../diagnostics/issue.js';
import type { SpecRule } from '../rule.js';

export const duplicateName: SpecRule = {
  meta: {
    id: 'duplicate-name',
    description: 'No name is both a service and an infra entry',
    remediation: 'rename the service or the infra entry',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    for (const name of Object.keys(stack.services ?? {})) {
      if (!stack.infra?.[name]) continue;
      issues.push({
        code: 'duplicate-name',
        message: `"${name}" is both a service and an infra entry`,
        hint: 'component names share one namespace of objects; rename one',
        path: ['services', name],
        atKey: true,
      });
    }
    return issues;
  },
};
