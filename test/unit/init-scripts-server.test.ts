/**
 * Init scripts against real servers on loopback: the provisioning Job's script, verbatim from the rendered Job
 * (stack file → load → resolve → generate), with the scripts from its ConfigMap, run against PostgreSQL and
 * MariaDB. Each script runs once; a second run is a no-op; a changed script is not re-run (and says so, in the
 * termination message `up` reads) until --rerun-init asks; scripts run in the database they name.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createHash } from 'node:crypto';
import { loadStack } from '../../src/load/load-stack.js';
import { renderStack } from '../../src/commands/render.js';
import { changedInitScripts, INIT_DIR } from '../../src/catalog/init-scripts.js';
import { program, type Server, sh, startMariadb, startPostgres } from '../servers.js';

type Obj = Record<string, any>;

const sha256 = (t: string) => createHash('sha256').update(t, 'utf8').digest('hex');

const ADMIN_PASSWORD = 'admin pw';
const ORDERS_PASSWORD = "orders'pw";

/** A stack with three init scripts: a file in the main database, a file and an inline seed in own database orders. */
function writeStack(dir: string, type: string, seed: string): string {
  mkdirSync(join(dir, 'init'), { recursive: true });
  writeFileSync(join(dir, 'init', 'schema.sql'), 'CREATE TABLE IF NOT EXISTS audit (id int);\n');
  writeFileSync(join(dir, 'init', 'orders.sql'), 'CREATE TABLE IF NOT EXISTS orders (id int PRIMARY KEY);\n');
  const file = join(dir, 'slipway.yaml');
  writeFileSync(
    file,
    [
      'name: shop',
      'services:',
      '  api:',
      '    image: ghcr.io/acme/api:1.0.0',
      '    uses: [{db: {database: orders}}]',
      'infra:',
      '  db:',
      `    type: ${type}`,
      '    init:',
      '      - init/schema.sql',
      '      - {file: init/orders.sql, database: orders}',
      '      - name: seed',
      '        database: orders',
      '        sql: |',
      ...seed.split('\n').map((l) => `          ${l}`),
      '',
    ].join('\n'),
  );
  return file;
}

const SEED_V1 = 'CREATE TABLE IF NOT EXISTS runs (n int);\nINSERT INTO runs VALUES (1);';
const SEED_V2 = 'CREATE TABLE IF NOT EXISTS runs (n int);\nINSERT INTO runs VALUES (2);';

interface Harness {
  type: string;
  /** Rewrites the rendered script's connection to the test server (PostgreSQL: none, its host is env). */
  local(script: string): string;
  env(): Record<string, string>;
  /** One value from `sql` in `database`, as the admin. */
  query(database: string, sql: string): string;
  /** The tables of `database`, sorted, comma-separated. */
  tables(database: string): string;
}

/** Render the stack, write the ConfigMap's scripts to a folder, run the Job's script with the Job's env. */
function runJob(h: Harness, dir: string, seed: string, rerunInit: string[] = []) {
  const stackFile = writeStack(dir, h.type, seed);
  const objects = renderStack(loadStack(stackFile), { rerunInit }).objects as Obj[];
  const job = objects.find((o) => o.kind === 'Job' && o.metadata.name.startsWith('db-provision-'))!;
  const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('db-init-'))!;
  const pod = job.spec.template.spec;
  assert.deepEqual(pod.volumes.find((v: Obj) => v.name === 'init').configMap, { name: cm.metadata.name });
  assert.deepEqual(pod.containers[0].volumeMounts.find((m: Obj) => m.name === 'init'), { name: 'init', mountPath: INIT_DIR, readOnly: true });
  const scripts = mkdtempSync(join(tmpdir(), 'slipway-init-'));
  for (const [k, v] of Object.entries(cm.data as Record<string, string>)) writeFileSync(join(scripts, k), v);
  const report = join(scripts, 'termination-log');
  writeFileSync(report, '');
  const secrets: Record<string, string> = { 'db-credentials': ADMIN_PASSWORD, 'db-orders-credentials': ORDERS_PASSWORD };
  const env: Record<string, string> = {};
  for (const e of pod.containers[0].env as Obj[]) env[e.name] = e.value ?? secrets[e.valueFrom.secretKeyRef.name];
  assert.equal(env.INIT_DIR, INIT_DIR);
  Object.assign(env, h.env(), { INIT_DIR: scripts, SLIPWAY_INIT_REPORT: report });
  if (process.getuid?.() === 0) chownSync(scripts, 0, 0);
  const r = sh(h.local(pod.containers[0].command[2]), env, 60_000);
  const message = readFileSync(report, 'utf8');
  rmSync(scripts, { recursive: true, force: true });
  return { ...r, message, jobName: job.metadata.name as string };
}

function behaviour(name: string, start: () => Promise<{ server: Server; harness: Harness }>, extra?: (h: () => Harness, dir: string) => void) {
  describe(`init scripts against a real ${name}`, () => {
    let server: Server;
    let h: Harness;
    const dir = mkdtempSync(join(tmpdir(), 'slipway-init-stack-'));
    before(async () => {
      ({ server, harness: h } = await start());
    });
    after(async () => {
      await server?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('runs each script once, in the database it names, and records its sha256', () => {
      const r = runJob(h, dir, SEED_V1);
      assert.equal(r.status, 0, r.stderr + r.stdout);
      for (const s of ['schema.sql', 'orders.sql', 'seed']) assert.match(r.stdout, new RegExp(`init db/${s.replace('.', '\\.')}: applied`));
      assert.equal(r.message, '');
      // schema.sql ran in the main database only, orders.sql and the seed in orders only.
      assert.equal(h.tables('shop'), 'audit,slipway_init');
      assert.equal(h.tables('orders'), 'orders,runs,slipway_init');
      assert.equal(h.query('orders', 'SELECT count(*) FROM runs'), '1');
      assert.equal(h.query('orders', "SELECT sha256 FROM slipway_init WHERE name = 'seed'"), sha256(`${SEED_V1}\n`));
      assert.equal(h.query('shop', "SELECT count(*) FROM slipway_init WHERE name = 'schema.sql'"), '1');
    });

    it('a second run of the same Job is a no-op', () => {
      const r = runJob(h, dir, SEED_V1);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /init db\/seed: already applied/);
      assert.doesNotMatch(r.stdout, /: applied/);
      assert.equal(h.query('orders', 'SELECT count(*) FROM runs'), '1');
    });

    it('a changed script is not re-run; the Job says which and how to ask', () => {
      const r = runJob(h, dir, SEED_V2);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /init script db\/seed changed; not re-run \(use --rerun-init db\/seed\)/);
      assert.deepEqual(changedInitScripts(r.message), ['db/seed']);
      assert.equal(h.query('orders', 'SELECT count(*) FROM runs'), '1');
      assert.equal(h.query('orders', "SELECT sha256 FROM slipway_init WHERE name = 'seed'"), sha256(`${SEED_V1}\n`));
    });

    it('--rerun-init runs the changed script once and records the new version', () => {
      const asked = runJob(h, dir, SEED_V2, ['db/seed']);
      assert.equal(asked.status, 0, asked.stderr);
      assert.match(asked.stdout, /init db\/seed: changed, re-run as asked/);
      assert.match(asked.stdout, /init db\/orders\.sql: already applied/);
      assert.equal(h.query('orders', 'SELECT count(*) FROM runs'), '2');
      assert.equal(h.query('orders', "SELECT sha256 FROM slipway_init WHERE name = 'seed'"), sha256(`${SEED_V2}\n`));
      // The same request again (same Job name: the cluster would not even re-run it) changes nothing.
      const again = runJob(h, dir, SEED_V2, ['db/seed']);
      assert.equal(again.jobName, asked.jobName);
      assert.match(again.stdout, /init db\/seed: already applied/);
      assert.equal(h.query('orders', 'SELECT count(*) FROM runs'), '2');
    });

    extra?.(() => h, dir);
  });
}


behaviour(
  'PostgreSQL',
  async () => {
    const server = await startPostgres('shop', ADMIN_PASSWORD);
    const port = server.port;
    const query = (database: string, sql: string) => {
      const r = sh(`psql -h 127.0.0.1 -p ${port} -U shop -d "$D" -w -v ON_ERROR_STOP=1 -tAc "$Q"`, { D: database, Q: sql, PGPASSWORD: ADMIN_PASSWORD });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout.trim();
    };
    query('postgres', 'CREATE DATABASE shop');
    const tables = (database: string) => query(database, "SELECT coalesce(string_agg(tablename, ',' ORDER BY tablename), '') FROM pg_tables WHERE schemaname = 'public'");
    return { server, harness: { type: 'postgresql', local: (s) => s, env: () => ({ PGHOST: '127.0.0.1', PGPORT: String(port) }), query, tables } };
  },
  (h, dir) => {
    it('tables a script creates in an own database belong to its user', () => {
      assert.equal(h().query('orders', "SELECT tableowner FROM pg_tables WHERE tablename = 'orders'"), 'orders');
      assert.equal(h().query('orders', "SELECT tableowner FROM pg_tables WHERE tablename = 'slipway_init'"), 'shop');
    });

    it('a failing script leaves neither its changes nor a record (one transaction), and fails the Job', () => {
      const r = runJob(h(), dir, 'CREATE TABLE half (n int);\nSELECT 1/0;', ['db/seed']);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /division by zero/);
      assert.equal(h().tables('orders'), 'orders,runs,slipway_init');
      assert.equal(h().query('orders', "SELECT sha256 FROM slipway_init WHERE name = 'seed'"), sha256(`${SEED_V2}\n`));
    });
  },
);

behaviour(
  'MariaDB (the mysql entry)',
  async () => {
    program('mariadb');
    const server = await startMariadb(ADMIN_PASSWORD);
    const query = (database: string, sql: string) => {
      const r = sh(`mysql --protocol=tcp -h 127.0.0.1 -P ${server.port} -u root -N -B -e "$Q" "$D"`, { D: database, Q: sql, MYSQL_PWD: ADMIN_PASSWORD });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout.trim();
    };
    try {
      query('mysql', 'CREATE DATABASE shop');
    } catch (e) {
      await server.stop();
      throw e;
    }
    return {
      server,
      harness: {
        type: 'mysql',
        // The rendered script names the in-cluster Service; the test server listens on loopback.
        local: (s) => {
          const rendered = "-h 'db.shop.svc' -P 3306";
          assert.ok(s.includes(rendered), 'the script connects to the Service on 3306');
          return s.replaceAll(rendered, `-h 127.0.0.1 -P ${server.port}`);
        },
        env: () => ({}),
        query,
        tables: (database: string) => query(database, 'SELECT GROUP_CONCAT(table_name ORDER BY table_name) FROM information_schema.tables WHERE table_schema = DATABASE()'),
      },
    };
  },
  (h, dir) => {
    it('a failing script fails the Job and is not recorded, so the next attempt runs it again', () => {
      const r = runJob(h(), dir, 'CREATE TABLE IF NOT EXISTS half (n int);\nSELECT * FROM no_such_table;', ['db/seed']);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /no_such_table/);
      assert.doesNotMatch(r.stdout, /init db\/seed: changed, re-run as asked/);
      assert.equal(h().query('orders', "SELECT sha256 FROM slipway_init WHERE name = 'seed'"), sha256(`${SEED_V2}\n`));
    });
  },
);
