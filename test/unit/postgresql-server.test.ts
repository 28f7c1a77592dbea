/**
 * The PostgreSQL provisioning Job's script, verbatim from the rendered Job, against a real PostgreSQL server on
 * loopback (image-audit.md §9.6): own databases are isolated from each other and from the admin's database,
 * the owner keeps full use of its own, and the script stays idempotent.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chownSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { builtinCatalog } from '../../src/catalog/builtin.js';
import type { ResolvedInfra } from '../../src/model/resolved.js';
import { type Server, sh, startPostgres } from '../servers.js';
import { CATALOG_CTX, internalInfra } from '../catalog-fixtures.js';

type Obj = Record<string, any>;

const ADMIN = 'shop';
const ADMIN_PASSWORD = 'admin-pw';
const OWN: Record<string, string> = { billing_v2: 'billing pw with spaces', orders: "orders'pw" };

const ctx = CATALOG_CTX;
const entry = builtinCatalog.entry('postgresql')!;
const infra: ResolvedInfra = internalInfra('postgresql', { name: 'db', database: ADMIN, user: ADMIN, databases: Object.keys(OWN).sort() });

let server: Server;

/** psql as `user` into `database`; its exit status and stderr. */
function psql(user: string, password: string, database: string, sql: string) {
  return sh(`psql -h 127.0.0.1 -p ${server.port} -U "$U" -d "$D" -w -v ON_ERROR_STOP=1 -tAc "$Q"`, { U: user, D: database, Q: sql, PGPASSWORD: password, PGCONNECT_TIMEOUT: '5' });
}

/** The Job's script with the Job's env: literal values as rendered, Secret values from the test, the host on loopback. */
function runProvisioning() {
  const job = entry.internal(infra, ctx).objects.find((o) => o.kind === 'Job') as Obj;
  const container = job.spec.template.spec.containers[0];
  const secrets: Record<string, string> = { [`${infra.name}-credentials`]: ADMIN_PASSWORD };
  for (const [d, pw] of Object.entries(OWN)) secrets[`${infra.name}-${d.replace(/_/g, '-')}-credentials`] = pw;
  const env: Record<string, string> = {};
  for (const e of container.env as Obj[]) env[e.name] = e.value ?? secrets[e.valueFrom.secretKeyRef.name];
  Object.assign(env, { PGHOST: '127.0.0.1', PGPORT: String(server.port) });
  assert.deepEqual(container.command.slice(0, 2), ['sh', '-c']);
  return sh(container.command[2], env, 60_000);
}

describe('PostgreSQL provisioning against a real server', () => {
  before(async () => {
    // Like the image: the admin is POSTGRES_USER with a scram password; the main database is POSTGRES_DB.
    server = await startPostgres(ADMIN, ADMIN_PASSWORD);
    assert.equal(psql(ADMIN, ADMIN_PASSWORD, 'postgres', `CREATE DATABASE ${ADMIN}`).status, 0);
  });

  after(async () => {
    await server?.stop();
  });

  it('runs the rendered script twice with exit 0 (idempotent)', () => {
    for (let i = 0; i < 2; i++) {
      const r = runProvisioning();
      assert.equal(r.status, 0, `run ${i + 1}: ${r.stderr}`);
    }
  });

  it('lets each own user connect to and create in its own database', () => {
    for (const [d, pw] of Object.entries(OWN)) {
      const r = psql(d, pw, d, 'CREATE TABLE IF NOT EXISTS t (id int); SELECT current_user');
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout.trim().split('\n').pop(), d);
    }
  });

  it("refuses an own user another own database and the admin's database", () => {
    const denied = [
      ['orders', 'billing_v2'],
      ['billing_v2', 'orders'],
      ['orders', ADMIN],
    ] as const;
    for (const [user, database] of denied) {
      const r = psql(user, OWN[user]!, database, 'SELECT 1');
      assert.notEqual(r.status, 0, `${user} connected to ${database}`);
      assert.match(r.stderr, /permission denied for database/);
    }
  });

  it('keeps the admin able to connect everywhere', () => {
    for (const d of [...Object.keys(OWN), ADMIN]) assert.equal(psql(ADMIN, ADMIN_PASSWORD, d, 'SELECT 1').status, 0, d);
  });
});
