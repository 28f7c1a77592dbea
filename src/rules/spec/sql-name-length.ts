/**
 * A user or database name longer than the server allows: MySQL refuses user names over 32 characters, and the
 * image's entrypoint then stops half-way through its first start (the restart skips initialisation, so the user
 * never exists); PostgreSQL silently truncates names over 63 characters. The default user and database are the
 * stack name, so a long stack name alone can cross MySQL's limit.
 */
import type { Issue } from '../../diagnostics/issue.js';
import { infraDatabase, infraUser } from '../../model/infra-defaults.js';
import type { SpecRule } from '../rule.js';
import { catalogInfra, ownDatabaseUses } from './stack-fields.js';

export const sqlNameLength: SpecRule = {
  meta: {
    id: 'sql-name-length',
    description: 'Users and databases of internal SQL infra fit the server\'s name limits (mysql: users 32, databases 64; postgresql: 63)',
    remediation: 'set a shorter infra user/database, or a shorter own database name',
    severity: 'error',
  },
  subject: 'spec',
  check(stack, ctx) {
    const issues: Issue[] = [];
    for (const { name, spec, entry } of catalogInfra(stack, ctx)) {
      const limits = entry.names;
      if (!limits || (spec.mode ?? 'internal') !== 'internal') continue;
      const fields = [
        { field: 'user' as const, value: infraUser(spec, stack.name), max: limits.maxUser, set: spec.user !== undefined },
        { field: 'database' as const, value: infraDatabase(spec, stack.name), max: limits.maxDatabase, set: spec.database !== undefined },
      ];
      for (const { field, value, max, set } of fields) {
        if (value.length <= max) continue;
        issues.push({
          code: 'sql-name-length',
          message: `${entry.type} ${field} "${value}" is ${value.length} characters; the limit is ${max}`,
          hint: set ? `choose a ${field} of at most ${max} characters` : `the default ${field} is the stack name; set infra.${name}.${field} to at most ${max} characters`,
          ...(set ? { path: ['infra', name, field] } : { path: ['infra', name], atKey: true }),
        });
      }
    }
    for (const use of ownDatabaseUses(stack, ctx)) {
      const limits = use.entry.names;
      if (!limits || (use.infra.mode ?? 'internal') !== 'internal') continue;
      // An own database gets a user of the same name, so both limits apply.
      const max = Math.min(limits.maxUser, limits.maxDatabase);
      if (use.database.length <= max) continue;
      issues.push({
        code: 'sql-name-length',
        message: `own database "${use.database}" is ${use.database.length} characters; its user is named like it and ${use.entry.type} allows ${max}`,
        hint: `choose a database name of at most ${max} characters`,
        path: use.path,
      });
    }
    return issues;
  },
};
