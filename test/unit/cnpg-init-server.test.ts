/**
 * Init scripts of a replicated PostgreSQL (CloudNativePG) against a real server on loopback, set up the way the
 * operator's bootstrap leaves it (docs/src/bootstrap.md, "initdb"): `postgres` is the superuser, the stack's
 * user a plain login role that owns the main database. The provisioning Job logs in as postgres (through
 * <name>-rw in the cluster; here 127.0.0.1); its script, verbatim from the rendered Job, must leave every table a
 * script creates owned by the database's owner, not by postgres, so the app can migrate them.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { renderStack } from '../../src/commands/render.js';
import { loadStack } from '../../src/load/load-stack.js';
import { type Server, sh, startPostgres } from '../servers.js';

type Obj = Record<string, any>;

const SUPERUSER_PASSWORD = 'super pw';
const SECRETS: Record<string, string> = { 'db-superuser-credentials': SUPERUSER_PASSWORD, 'db-orders-credentials': 'orders pw' };

let server: Server;
const dir = mkdtempSync(join(tmpdir(), 'slipway-cnpg-init-'));

const query = (database: string, sql: string): string => {
  const r = sh(`psql -h 127.0.0.1 -p ${server.port} -U postgres -d "$D" -w -v ON_ERROR_STOP=1 -tAc "$Q"`, { D: database, Q: sql, PGPASSWORD: SUPERUSER_PASSWORD });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
};

before(async () => {
  server = await startPostgres('postgres', SUPERUSER_PASSWORD);
  // What CloudNativePG's initdb bootstrap makes: the owner role (no superuser) and its database.
  query('postgres', "CREATE ROLE shop LOGIN PASSWORD 'app pw'");
  query('postgres', 'CREATE DATABASE shop OWNER shop');
});
after(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('under CloudNativePG, tables an init script creates belong to the database owner, in the main and own databases', () => {
  mkdirSync(join(dir, 'init'), { recursive: true });
  writeFileSync(join(dir, 'init', 'schema.sql'), 'CREATE TABLE audit (id int);\n');
  writeFileSync(join(dir, 'init', 'orders.sql'), 'CREATE TABLE orders (id int PRIMARY KEY);\n');
  const file = join(dir, 'slipway.yaml');
  writeFileSync(
    file,
    ['name: shop', 'services:', '  api:', '    image: ghcr.io/acme/api:1.0.0', '    uses: [{db: {database: orders}}]', 'infra:', '  db:', '    type: postgresql', '    replicas: 3', '    init:', '      - init/schema.sql', '      - {file: init/orders.sql, database: orders}', ''].join('\n'),
  );
  const objects = renderStack(loadStack(file), {}).objects as Obj[];
  assert.ok(objects.some((o) => o.kind === 'Cluster'), 'replicas: 3 is a CloudNativePG Cluster');
  const job = objects.find((o) => o.kind === 'Job' && o.metadata.name.startsWith('db-provision-'))!;
  const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('db-init-'))!;
  const scripts = join(dir, 'scripts');
  mkdirSync(scripts);
  for (const [k, v] of Object.entries(cm.data as Record<string, string>)) writeFileSync(join(scripts, k), v);
  const container = job.spec.template.spec.containers[0];
  const env: Record<string, string> = {};
  for (const e of container.env as Obj[]) env[e.name] = e.value ?? SECRETS[e.valueFrom.secretKeyRef.name];
  assert.equal(env.PGUSER, 'postgres', 'the Job logs in as the superuser');
  Object.assign(env, { PGHOST: '127.0.0.1', PGPORT: String(server.port), INIT_DIR: scripts, SLIPWAY_INIT_REPORT: join(scripts, 'report') });
  writeFileSync(env.SLIPWAY_INIT_REPORT!, '');
  const r = sh(container.command[2], env, 60_000);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /init db\/schema\.sql: applied/);

  assert.equal(query('shop', "SELECT tableowner FROM pg_tables WHERE tablename = 'audit'"), 'shop');
  assert.equal(query('orders', "SELECT tableowner FROM pg_tables WHERE tablename = 'orders'"), 'orders');
  // The owner can change what its script made (the reason it must own it).
  const alter = sh(`psql -h 127.0.0.1 -p ${server.port} -U shop -d shop -w -v ON_ERROR_STOP=1 -c 'ALTER TABLE audit ADD COLUMN at timestamptz'`, { PGPASSWORD: 'app pw' });
  assert.equal(alter.status, 0, alter.stderr);
});
