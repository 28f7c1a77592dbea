/** Env var names must be valid for the kubelet, or the pod is rejected at apply time. */
import type { Issue } from '../../diagnostics/issue.js';
import { ENV_NAME } from '../k8s-syntax.js';
import type { SpecRule } from '../rule.js';

export const invalidEnvName: SpecRule = {
  meta: {
    id: 'invalid-env-name',
    description: 'Env var names are ones Kubernetes accepts (letters, digits, _, - and ., not starting with a digit)',
    remediation: 'rename the variable',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    for (const [name, svc] of Object.entries(stack.services ?? {})) {
      for (const env of Object.keys(svc.env ?? {})) {
        if (ENV_NAME.test(env)) continue;
        issues.push({
          code: 'invalid-env-name',
          message: `"${env}" is not a valid env var name`,
          hint: 'use letters, digits and _, not starting with a digit',
          path: ['services', name, 'env', env],
          atKey: true,
        });
      }
    }
    return issues;
  },
};
