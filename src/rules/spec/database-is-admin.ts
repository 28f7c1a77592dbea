/** An own database named like the admin user would hand that service the admin's credentials and data. */
import { infraUser } from '../../model/infra-defaults.js';
import type { SpecRule } from '../rule.js';
import { ownDatabaseUses } from './stack-fields.js';

export const databaseIsAdmin: SpecRule = {
  meta: {
    id: 'database-is-admin',
    description: "An own database is not named like its infra's admin user",
    remediation: 'choose another database name',
    severity: 'error',
  },
  subject: 'spec',
  check(stack, ctx) {
    return ownDatabaseUses(stack, ctx).flatMap(({ name, database, infra, path }) => {
      const admin = infraUser(infra, stack.name);
      if (database !== admin) return [];
      return [{ code: 'database-is-admin', message: `own database "${database}" has the name of ${name}'s admin user`, hint: `choose another name; the admin user is ${admin}`, path }];
    });
  },
};
