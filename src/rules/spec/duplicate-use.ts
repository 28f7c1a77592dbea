/**
 * A dependency named twice in one service's `uses` gives the pod two init containers of the same name
 * (wait-<dependency>), which the API server refuses, and wires its variables twice.
 */
import type { Issue } from '../../diagnostics/issue.js';
import type { SpecRule } from '../rule.js';
import { usesOf } from './stack-fields.js';

export const duplicateUse: SpecRule = {
  meta: {
    id: 'duplicate-use',
    description: 'Each dependency appears once in a service\'s uses',
    remediation: 'merge the two entries into one (options such as env and database go on the single entry)',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    const first = new Map<string, number>();
    for (const { service, index, name, path } of usesOf(stack)) {
      const earlier = first.get(`${service}/${name}`);
      if (earlier === undefined) first.set(`${service}/${name}`, index);
      else issues.push({ code: 'duplicate-use', message: `"${service}" uses "${name}" twice (entries ${earlier + 1} and ${index + 1})`, hint: 'keep one entry; put its options (env, database, wait) on that one', path });
    }
    return issues;
  },
};
