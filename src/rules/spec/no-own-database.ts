/** `uses: {x: {database: …}}` provisions a database and user, which only some servers can do. */
import type { SpecRule } from '../rule.js';
import { ownDatabaseUses } from './stack-fields.js';

export const noOwnDatabase: SpecRule = {
  meta: {
    id: 'no-own-database',
    description: 'An own database (uses: {x: {database: name}}) is asked only of infra that supports it',
    remediation: 'remove database: from the use',
    severity: 'error',
  },
  subject: 'spec',
  check(stack, ctx) {
    return ownDatabaseUses(stack, ctx)
      .filter(({ entry }) => !entry.supportsDatabases)
      .map(({ entry, path }) => ({ code: 'no-own-database', message: `${entry.type} cannot give each user its own database`, hint: 'remove database:', path }));
  },
};
