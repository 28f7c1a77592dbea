/** A shard listed twice would stamp the same objects twice. */
import type { Issue } from '../../diagnostics/issue.js';
import { duplicatesIn } from '../duplicates.js';
import type { SpecRule } from '../rule.js';

export const duplicateShard: SpecRule = {
  meta: {
    id: 'duplicate-shard',
    description: 'Each shard of a service is listed once',
    remediation: 'remove the second entry',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    for (const [name, svc] of Object.entries(stack.services ?? {})) {
      for (const s of duplicatesIn(svc.shards ?? [])) {
        issues.push({
          code: 'duplicate-shard',
          message: `shard "${s}" of "${name}" is listed twice`,
          hint: 'remove the second entry',
          path: ['services', name, 'shards'],
        });
      }
    }
    return issues;
  },
};
