/** An own database named like the admin user would hand that service the admin's credentials and data. */
import type { Issue } from '../../diagnostics/issue.js';
import { infraUser } from '../../model/infra-defaults.js';
import { normalizeUse } from '../../model/uses.js';
import type { SpecRule } from '../rule.js';

export const databaseIsAdmin: SpecRule = {
  meta: {
    id: 'database-is-admin',
    description: "An own database is not named like its infra's admin user",
    remediation: 'choose another database name',
    severity: 'error',
  },
  subject: 'spec',
  check(stack, ctx) {
    const issues: Issue[] = [];
    for (const [base, svc] of Object.entries(stack.services ?? {})) {
      (svc.uses ?? []).forEach((u, i) => {
        const { name, options } = normalizeUse(u);
        const infra = stack.infra?.[name];
        if (!options.database || !infra || !ctx.catalog(infra.type)) return;
        const admin = infraUser(infra, stack.name);
        if (options.database !== admin) return;
        issues.push({
          code: 'database-is-admin',
          message: `own database "${options.database}" has the name of ${name}'s admin user`,
          hint: `choose another name; the admin user is ${admin}`,
          path: ['services', base, 'uses', i, name, 'database'],
        });
      });
    }
    return issues;
  },
};
