/** slipway cannot know an external server's password, so it must come from a Secret the user names. */
import type { Issue } from '../../diagnostics/issue.js';
import type { SpecRule } from '../rule.js';
import { catalogInfra } from './stack-fields.js';

export const externalNeedsSecret: SpecRule = {
  meta: {
    id: 'external-needs-secret',
    description: 'External infra whose server needs a password names the Secret that holds it',
    remediation: 'add `passwordSecret: {name: db-password, key: password}` under external',
    severity: 'error',
  },
  subject: 'spec',
  check(stack, ctx) {
    const issues: Issue[] = [];
    for (const { name, spec, entry } of catalogInfra(stack, ctx)) {
      if (!entry.needsPassword || spec.mode !== 'external' || spec.external?.passwordSecret) continue;
      issues.push({
        code: 'external-needs-secret',
        message: `external ${entry.type} "${name}" needs external.passwordSecret`,
        hint: 'name an existing Secret in the target namespace: `passwordSecret: {name: db-password, key: password}`',
        path: ['infra', name, spec.external ? 'external' : 'mode'],
      });
    }
    return issues;
  },
};
