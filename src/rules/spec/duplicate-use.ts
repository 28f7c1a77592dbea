/**
 * A dependency named twice in one service's `uses` gives the pod two init containers of the same name
 * (wait-<dependency>), which the API server refuses, and wires its variables twice.
 */
import type { Issue } from '../../diagnostics/issue.js';
import type { SpecRule } from '../rule.js';

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
    for (const [name, svc] of Object.entries(stack.services ?? {})) {
      const first = new Map<string, number>();
      (svc.uses ?? []).forEach((entry, i) => {
        const dep = typeof entry === 'string' ? entry : (Object.keys(entry)[0] ?? '');
        const earlier = first.get(dep);
        if (earlier === undefined) first.set(dep, i);
        else issues.push({ code: 'duplicate-use', message: `"${name}" uses "${dep}" twice (entries ${earlier + 1} and ${i + 1})`, hint: 'keep one entry; put its options (env, database, wait) on that one', path: ['services', name, 'uses', i] });
      });
    }
    return issues;
  },
};
