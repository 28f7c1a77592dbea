/**
 * Names a SQL server keeps for itself. As an own database (whose user is named like it) they re-key or grant
 * system accounts: on MySQL an own database `root` resets root@'%''s password and `mysql` grants the grant
 * tables; on PostgreSQL `template0` and `pg_*` fail the provisioning Job forever, and `postgres`/`template1`
 * hand a user a system database. As the admin user, MySQL's entrypoint refuses `root` and initdb refuses `pg_*`.
 */
import type { Issue } from '../../diagnostics/issue.js';
import { reservedBy } from '../../catalog/sql-names.js';
import { infraDatabase, infraUser } from '../../model/infra-defaults.js';
import type { SpecRule } from '../rule.js';
import { catalogInfra, ownDatabaseUses } from './stack-fields.js';

/** ` (names starting with pg_)` for a reserved prefix, nothing for a reserved name (the message names it). */
const shown = (r: string) => (r.endsWith('*') ? ` (names starting with ${r.slice(0, -1)})` : '');

export const reservedName: SpecRule = {
  meta: {
    id: 'reserved-name',
    description: 'Users and databases of internal SQL infra and MongoDB avoid the names the server reserves (mysql: root, mysql, sys, …; postgresql: postgres, template0/1, pg_*; mongodb: app, admin, config, local)',
    remediation: 'choose another user or database name',
    severity: 'error',
  },
  subject: 'spec',
  check(stack, ctx) {
    const issues: Issue[] = [];
    for (const { name, spec, entry } of catalogInfra(stack, ctx)) {
      const names = entry.names;
      if (!names || (spec.mode ?? 'internal') !== 'internal') continue;
      const fields = [
        { field: 'user' as const, value: infraUser(spec, stack.name), reserved: reservedBy(names.reservedUsers, infraUser(spec, stack.name)), set: spec.user !== undefined },
        { field: 'database' as const, value: infraDatabase(spec, stack.name), reserved: reservedBy(names.reservedDatabases, infraDatabase(spec, stack.name)), set: spec.database !== undefined },
      ];
      for (const { field, value, reserved, set } of fields) {
        if (!reserved) continue;
        issues.push({
          code: 'reserved-name',
          message: `${entry.type} reserves the ${field} name "${value}"${shown(reserved)}`,
          hint: set ? `choose another ${field}; see ${names.source}` : `the default ${field} is the stack name; set infra.${name}.${field} to another name`,
          ...(set ? { path: ['infra', name, field] } : { path: ['infra', name], atKey: true }),
        });
      }
    }
    for (const use of ownDatabaseUses(stack, ctx)) {
      const names = use.entry.names;
      if (!names || (use.infra.mode ?? 'internal') !== 'internal') continue;
      const reserved = reservedBy([...names.reservedUsers, ...names.reservedDatabases, ...(names.reservedOwn ?? [])], use.database);
      if (!reserved) continue;
      issues.push({
        code: 'reserved-name',
        message: `own database "${use.database}" takes a name ${use.entry.type} reserves${shown(reserved)}; its user would be named like it`,
        hint: `choose another database name; see ${names.source}`,
        path: use.path,
      });
    }
    return issues;
  },
};
