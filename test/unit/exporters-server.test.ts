/**
 * The rendered exporters against real servers on loopback: Debian's prometheus-postgres-exporter,
 * prometheus-mysqld-exporter and prometheus-redis-exporter (.ci/run installs them) run with the env and args of
 * the rendered exporter container (host ports adapted), logged in as the monitoring user the rendered
 * provisioning Job's script makes, and their /metrics is scraped over HTTP.
 *
 * Debian's mysqld_exporter is 0.14, which reads its DSN from DATA_SOURCE_NAME; the image (0.20) takes
 * --mysqld.address, --mysqld.username and MYSQLD_EXPORTER_PASSWORD instead. The DSN is built from exactly those
 * three rendered values, so what is proved is the user, its password and its grants, not the 0.20 flag names.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { builtinCatalog } from '../../src/catalog/builtin.js';
import type { Container } from '../../src/catalog/contract.js';
import type { ResolvedInfra } from '../../src/model/resolved.js';
import { CATALOG_CTX, internalInfra } from '../catalog-fixtures.js';
import { freePort, program, scratch, type Server, sh, startMariadb, startPostgres, startServer, until } from '../servers.js';

type Obj = Record<string, any>;
const ctx = CATALOG_CTX;
const ADMIN_PASSWORD = 'admin pw';
// Generated passwords are 32 alphanumerics (model/secret-shape.ts); Debian's postgres_exporter 0.11 also quotes
// a DSN value with a quote in it wrongly, which the image's version does not.
const METRICS_PASSWORD = 'Metrics0Password1';

function rendered(type: string, over: Partial<ResolvedInfra> = {}) {
  const infra = internalInfra(type, { name: 'db', metrics: true, ...over });
  const objects = builtinCatalog.entry(type)!.internal(infra, ctx).objects as Obj[];
  const sts = objects.find((o) => o.kind === 'StatefulSet')!;
  const exporter = (sts.spec.template.spec.containers as Container[]).find((c) => c.ports?.some((p) => p.name === 'metrics'))!;
  const job = objects.find((o) => o.kind === 'Job');
  return { exporter, job: job?.spec.template.spec.containers[0] as Container | undefined };
}

/** Env of a rendered container: literal values as rendered, Secret values from `secrets` (by Secret name). */
function envOf(c: Container, secrets: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of c.env ?? []) {
    const ref = e.valueFrom?.secretKeyRef;
    if (ref) {
      const value = secrets[ref.name ?? ''];
      assert.ok(value !== undefined, `unexpected Secret ${ref.name}`);
      env[e.name] = value;
    } else env[e.name] = e.value ?? '';
  }
  return env;
}

const SECRETS = { 'db-credentials': ADMIN_PASSWORD, 'db-exporter': METRICS_PASSWORD };

async function scrape(port: number, path = '/metrics'): Promise<{ status: number; body: string }> {
  const r = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: r.status, body: await r.text() };
}

/** Start an exporter binary; resolves once it answers HTTP. */
async function exporter(bin: string, args: string[], env: Record<string, string>, port: number): Promise<Server> {
  const s = startServer([program(bin), ...args], port, scratch(), 'SIGTERM', { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env });
  const end = Date.now() + 20_000;
  for (;;) {
    const up = await fetch(`http://127.0.0.1:${port}/`).then(
      () => true,
      () => false,
    );
    if (up) return s;
    if (Date.now() > end || s.child.exitCode !== null) {
      await s.stop();
      throw new Error(`${bin} does not answer on ${port}:\n${s.log()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

const gauge = (body: string, name: string) => body.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));

describe('postgres_exporter with the rendered env and the monitoring role', () => {
  let pg: Server;
  let exp: Server;
  let port: number;
  before(async () => {
    pg = await startPostgres('shop', ADMIN_PASSWORD);
    assert.equal(sh(`psql -h 127.0.0.1 -p ${pg.port} -U shop -d postgres -tAc 'CREATE DATABASE shop'`, { PGPASSWORD: ADMIN_PASSWORD }).status, 0);
    const { exporter: c, job } = rendered('postgresql');
    // The Job's script as rendered, on loopback.
    const jobEnv = { ...envOf(job!, SECRETS), PGHOST: '127.0.0.1', PGPORT: String(pg.port) };
    const r = sh(job!.command![2]!, jobEnv, 60_000);
    assert.equal(r.status, 0, r.stderr);
    const env = envOf(c, SECRETS);
    assert.equal(env['DATA_SOURCE_URI'], '127.0.0.1:5432/shop?sslmode=disable');
    env['DATA_SOURCE_URI'] = env['DATA_SOURCE_URI']!.replace(':5432/', `:${pg.port}/`);
    port = await freePort();
    exp = await exporter('prometheus-postgres-exporter', [`--web.listen-address=127.0.0.1:${port}`], env, port);
  });
  after(async () => {
    await exp?.stop();
    await pg?.stop();
  });

  it('reports pg_up 1 and the database sizes and statistics pg_monitor opens', async () => {
    const { status, body } = await scrape(port);
    assert.equal(status, 200);
    assert.equal(gauge(body, 'pg_up'), 'pg_up 1', exp.log());
    assert.ok(gauge(body, 'pg_database_size_bytes'), 'pg_database_size_bytes');
    assert.ok(gauge(body, 'pg_stat_database_xact_commit'), 'pg_stat_database_*');
    assert.ok(gauge(body, 'pg_settings_max_connections'), 'pg_settings_*');
  });

  it('the role is a pg_monitor member and no superuser', () => {
    const q = (sql: string) => sh(`psql -h 127.0.0.1 -p ${pg.port} -U shop -d shop -tAc "$Q"`, { PGPASSWORD: ADMIN_PASSWORD, Q: sql }).stdout.trim();
    assert.equal(q("SELECT rolsuper FROM pg_roles WHERE rolname = 'slipway_metrics'"), 'f');
    assert.equal(q("SELECT pg_has_role('slipway_metrics', 'pg_monitor', 'member')"), 't');
  });

  it('the readiness path answers (liveness is a TCP connect on the port)', async () => {
    assert.equal(rendered('postgresql').exporter.readinessProbe?.httpGet?.path, '/');
    assert.equal(rendered('postgresql').exporter.livenessProbe?.tcpSocket?.port, 'metrics');
    assert.equal((await scrape(port, '/')).status, 200);
  });
});

describe('mysqld_exporter with the rendered user, password and grants (MariaDB)', () => {
  let db: Server;
  let exp: Server;
  let port: number;
  before(async () => {
    db = await startMariadb(ADMIN_PASSWORD);
    const { exporter: x, job } = rendered('mysql');
    const rendered_ = "-h 'db.shop-dev.svc' -P 3306";
    assert.ok(job!.command![2]!.includes(rendered_));
    const r = sh(job!.command![2]!.replaceAll(rendered_, `-h 127.0.0.1 -P ${db.port}`), envOf(job!, { 'db-credentials': ADMIN_PASSWORD, 'db-exporter': METRICS_PASSWORD }), 60_000);
    assert.equal(r.status, 0, r.stderr);
    const flag = (name: string) => x.args!.find((a) => a.startsWith(`--${name}=`))!.slice(name.length + 3);
    assert.equal(flag('mysqld.address'), '127.0.0.1:3306');
    const password = envOf(x, SECRETS)['MYSQLD_EXPORTER_PASSWORD']!;
    port = await freePort();
    const dsn = `${flag('mysqld.username')}:${password}@tcp(127.0.0.1:${db.port})/`;
    exp = await exporter('prometheus-mysqld-exporter', [`--web.listen-address=127.0.0.1:${port}`, '--config.my-cnf=/nonexistent'], { DATA_SOURCE_NAME: dsn }, port);
  });
  after(async () => {
    await exp?.stop();
    await db?.stop();
  });

  it('reports mysql_up 1 and the global status', async () => {
    const { body } = await scrape(port);
    assert.equal(gauge(body, 'mysql_up'), 'mysql_up 1', exp.log());
    assert.ok(gauge(body, 'mysql_global_status_threads_connected'));
    assert.ok(gauge(body, 'mysql_global_variables_max_connections'));
  });

  it('the monitoring user reads no application data', () => {
    const root = (sql: string) => sh(`mysql --protocol=tcp -h 127.0.0.1 -P ${db.port} -u root -N -B -e "$Q"`, { Q: sql, MYSQL_PWD: ADMIN_PASSWORD });
    assert.equal(root('CREATE DATABASE IF NOT EXISTS shop; CREATE TABLE IF NOT EXISTS shop.t (id int)').status, 0);
    const r = sh(`mysql --protocol=tcp -h 127.0.0.1 -P ${db.port} -u slipway_metrics -N -B -e 'SELECT * FROM shop.t'`, { MYSQL_PWD: METRICS_PASSWORD });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /denied/);
  });
});

describe('redis_exporter with the rendered env', () => {
  let redis: Server;
  let exp: Server;
  let port: number;
  before(async () => {
    const redisPort = await freePort();
    redis = startServer([program('redis-server'), '--requirepass', ADMIN_PASSWORD, '--bind', '127.0.0.1', '--port', String(redisPort), '--save', ''], redisPort, scratch());
    await until(() => sh(`redis-cli -h 127.0.0.1 -p ${redisPort} ping`, { REDISCLI_AUTH: ADMIN_PASSWORD }).stdout.includes('PONG'), 10_000, 'redis', redis.log);
    const { exporter: x } = rendered('redis', { replicas: 3 });
    const env = envOf(x, SECRETS);
    assert.equal(env['REDIS_ADDR'], 'redis://127.0.0.1:6379');
    env['REDIS_ADDR'] = `redis://127.0.0.1:${redisPort}`;
    port = await freePort();
    exp = await exporter('prometheus-redis-exporter', [], { ...env, REDIS_EXPORTER_WEB_LISTEN_ADDRESS: `127.0.0.1:${port}` }, port);
  });
  after(async () => {
    await exp?.stop();
    await redis?.stop();
  });

  it('reports redis_up 1 and answers its health path', async () => {
    const { body } = await scrape(port);
    assert.equal(gauge(body, 'redis_up'), 'redis_up 1', exp.log());
    assert.ok(gauge(body, 'redis_connected_clients'));
    assert.equal((await scrape(port, '/health')).status, 200);
  });
});
