/** `uses: {x: {database: …}}` provisions a database and user, which only some servers can do. */
import type { Issue } from '../../diagnostics/issue.js';
import { normalizeUse } from '../../model/uses.js';
import type { SpecRule } from '../rule.js';

export const noOwnDatabase: SpecRule = {
  meta: {
    id: 'no-own-database',
    description: 'An own database (uses: {x: {database: name}}) is asked only of infra that supports it',
    remediation: 'remove database: from the use',
    severity: 'error',
  },
  subject: 'spec',
  check(stack, ctx) {
    const issues: Issue[] = [];
    for (const [base, svc] of Object.entries(stack.services ?? {})) {
      (svc.uses ?? []).forEach((u, i) => {
        const { name, options } = normalizeUse(u);
        const infra = stack.infra?.[name];
        const entry = infra && ctx.catalog(infra.type);
        if (!options.database || !entry || entry.supportsDatabases) return;
        issues.push({
          code: 'no-own-database',
          message: `${entry.type} cannot give each user its own database`,
          hint: 'remove database:',
          path: ['services', base, 'uses', i, name, 'database'],
        });
      });
    }
    return issues;
  },
};
