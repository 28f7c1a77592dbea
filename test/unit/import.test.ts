/**
 * `import`: compose's variable syntax, its short and long forms, and two projects — the shop (database, cache,
 * migration, API with a healthcheck, worker, web, a profile) and a features file covering the rest of the
 * Compose Specification a stack can express. Every import validates and renders in every environment, is
 * byte-identical when repeated, and never carries a password or secret compose held.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { renderStack } from '../../src/commands/render.js';
import { importCommand } from '../../src/commands/import.js';
import { SlipwayError } from '../../src/diagnostics/errors.js';
import { loadCompose } from '../../src/import/compose-project.js';
import { interpolate } from '../../src/import/interpolate.js';
import { Notes } from '../../src/import/notes.js';
import { cpuOf, mountsOf, portsOf, quantityOf, seconds } from '../../src/import/normalize.js';
import { healthOf } from '../../src/import/health.js';
import { parseStack } from '../../src/load/load-stack.js';
import { StackSource } from '../../src/load/source.js';
import type { StackSpec } from '../../src/model/stack.js';
import { environmentNames } from '../../src/resolve/merge-environment.js';

const SHOP = 'test/fixtures/compose/shop/compose.yaml';
const FEATURES = 'test/fixtures/compose/features/compose.yaml';

type Svc = Record<string, unknown> & { env?: Record<string, string>; uses?: unknown[] };
const stackOf = (file: string) => parseYaml(importCommand({ file }).stack) as { name: string; services: Record<string, Svc>; infra: Record<string, Record<string, unknown>>; secrets?: Record<string, unknown>; environments?: Record<string, unknown> };
const notes = () => new Notes(new StackSource('compose.yaml', ''));

test('interpolation: defaults, required values, replacements, $$ and unset variables', () => {
  const vars = new Map([['SET', 'v'], ['EMPTY', '']]);
  const cases: [string, string][] = [
    ['${SET}', 'v'],
    ['$SET/x', 'v/x'],
    ['${UNSET:-d}', 'd'],
    ['${EMPTY:-d}', 'd'],
    ['${EMPTY-d}', ''],
    ['${UNSET-d}', 'd'],
    ['${SET:+r}', 'r'],
    ['${EMPTY:+r}', ''],
    ['${EMPTY+r}', 'r'],
    ['${UNSET:-${SET}}', 'v'],
    ['$$SET and $${SET}', '$SET and ${SET}'],
    ['cost: 5$', 'cost: 5$'],
  ];
  for (const [input, want] of cases) assert.equal(interpolate(input, vars).value, want, input);
  assert.deepEqual(interpolate('${A}${B:-x}${A}', vars).unset, ['A']);
  assert.deepEqual(interpolate('${EMPTY:?needs a value}', vars).required, { name: 'EMPTY', message: 'needs a value' });
  assert.equal(interpolate('${EMPTY?needs}', vars).required, undefined, '? alone accepts an empty value');
});

test('short and long syntaxes: ports, expose, volumes, tmpfs, durations, sizes, CPUs', () => {
  const n = notes();
  const ports = portsOf({ ports: ['8080:80', '127.0.0.1:9000:9000/udp', 3000, '6000-6002', { target: 9464, published: '9464', name: 'metrics' }], expose: ['7000', '80'] }, [], n);
  assert.deepEqual(
    ports.map((p) => `${p.target}/${p.protocol}${p.published ? `<-${p.published}` : ''}${p.name ? ` ${p.name}` : ''}`),
    ['80/TCP<-8080', '9000/UDP<-9000', '3000/TCP', '6000/TCP', '6001/TCP', '6002/TCP', '9464/TCP<-9464 metrics', '7000/TCP'],
  );
  portsOf({ ports: ['http'] }, ['services', 'x'], n);
  assert.equal(n.errors.length, 1, 'a port that is not a number is an error');
  const mounts = mountsOf({ volumes: ['data:/d', './conf:/etc/c:ro', '/anon', { type: 'volume', source: 'v', target: '/v', read_only: 'true' }, { type: 'tmpfs', target: '/t' }], tmpfs: ['/run:size=64m'] }, [], n);
  assert.deepEqual(mounts.map((m) => `${m.type} ${m.source ?? '-'} ${m.target}${m.readOnly ? ' ro' : ''}`), ['volume data /d', 'bind ./conf /etc/c ro', 'anonymous - /anon', 'volume v /v ro', 'tmpfs - /t', 'tmpfs - /run']);
  assert.deepEqual(['1m30s', '10s', '500ms', '2h', 'x', '10'].map(seconds), [90, 10, 1, 7200, undefined, undefined]);
  assert.deepEqual(['512M', '1gb', '2048k', '1073741824', 'lots'].map(quantityOf), ['512Mi', '1Gi', '2048Ki', '1073741824', undefined]);
  assert.deepEqual(['0.5', '2', '0'].map(cpuOf), ['500m', '2000m', undefined]);
});

test('healthchecks: HTTP checks become http probes, the rest exec; start_period becomes a startup probe', () => {
  const n = notes();
  assert.deepEqual(healthOf({ test: ['CMD', 'curl', '-f', 'http://localhost:8080/healthz'], interval: '10s', retries: '5' }, [], n), { readiness: { http: '/healthz', port: 8080, period: 10, failureThreshold: 5 } });
  assert.deepEqual(healthOf({ test: 'wget -qO- http://127.0.0.1/ || exit 1' }, [], n), { readiness: { http: '/', port: 80 } });
  assert.deepEqual(healthOf({ test: ['CMD-SHELL', 'pg_isready -U app'], start_period: '30s', start_interval: '10s' }, [], n), {
    readiness: { exec: ['/bin/sh', '-c', 'pg_isready -U app'] },
    startup: { exec: ['/bin/sh', '-c', 'pg_isready -U app'], period: 10, failureThreshold: 3 },
  });
  assert.equal(healthOf({ test: ['NONE'] }, [], n), undefined);
  assert.equal(healthOf({ test: ['CMD', 'x'], disable: 'true' }, [], n), undefined);
  healthOf({ test: ['BOGUS', 'x'] }, ['h'], n);
  assert.equal(n.errors.length, 1);
});

test('the shop: catalog infra, a migration job the API waits for, env references, generated secrets, probes, a profile', () => {
  const s = stackOf(SHOP);
  assert.equal(s.name, 'shop');
  assert.deepEqual(Object.keys(s.services), ['migrate', 'api', 'worker', 'web', 'adminer'], 'compose order, infra moved out');
  assert.deepEqual(s.infra, { db: { type: 'postgresql', version: '16', database: 'shop', user: 'shop' }, cache: { type: 'redis', version: '7.4' } });
  assert.equal(s.services.migrate!.kind, 'job');
  assert.equal(s.services.worker!.kind, 'worker');
  assert.equal(s.services.api!.kind, undefined);
  const api = s.services.api!;
  assert.equal(api.env!.DATABASE_URL, 'postgres://${infra.db.user}:${infra.db.password}@${infra.db.host}:${infra.db.port}/${infra.db.database}?sslmode=disable', 'the app keeps its URL format; slipway owns the credentials');
  assert.equal(api.env!.REDIS_URL, 'redis://:${infra.cache.password}@${infra.cache.host}:${infra.cache.port}/0', "slipway's Redis needs its password");
  assert.equal(api.env!.JWT_SECRET, '${secrets.api-secrets.jwt-secret}');
  assert.equal(api.env!.PRICE_PRECISION, '1.10', 'env values keep their text');
  assert.equal(api.env!.FEATURE_FLAGS, 'checkout,search', 'env_file is read');
  assert.deepEqual(api.uses, [{ db: { env: { url: null } } }, { cache: { env: { url: null } } }, 'migrate'], 'the app sets DATABASE_URL/REDIS_URL itself; the migration is waited for');
  assert.deepEqual(api.health, { readiness: { http: '/healthz', port: 'http', period: 10, timeout: 3, failureThreshold: 3 }, startup: { http: '/healthz', port: 'http', period: 5, failureThreshold: 4 } });
  assert.deepEqual(api.resources, { cpu: '250m', memory: '256Mi', limits: { cpu: '500m', memory: '512Mi' } });
  assert.equal(api.replicas, 2);
  assert.deepEqual(s.services.worker!.env, { DB_HOST: '${infra.db.host}', DB_USER: '${infra.db.user}', DB_PASSWORD: '${infra.db.password}', DB_NAME: '${infra.db.database}', REDIS_HOST: '${infra.cache.host}' });
  assert.deepEqual(s.services.web!.env, { API_URL: 'http://${services.api.host}:${services.api.ports.http}' });
  assert.match(String((s.services.web!.files as Record<string, string>)['/etc/nginx/conf.d/default.conf']), /proxy_pass http:\/\/api:8080/, 'a read-only bind-mounted file becomes a stack file');
  assert.equal(s.services.web!.user, 101);
  assert.equal(s.services.adminer!.enabled, false);
  assert.deepEqual(s.environments, { default: {}, debug: { services: { adminer: { enabled: true } } } });
  assert.deepEqual(s.secrets, { 'api-secrets': { generate: ['jwt-secret'] } });
});

test('the features file: KRaft Kafka without ZooKeeper, ClickHouse and MariaDB credentials, builds, volumes, configs, literal $', () => {
  const s = stackOf(FEATURES);
  assert.equal(s.name, 'data-hub', 'the project name as a DNS label');
  assert.deepEqual(Object.keys(s.infra).sort(), ['kafka', 'maria', 'olap'], 'zookeeper is not imported');
  assert.deepEqual(s.infra.olap, { type: 'clickhouse', version: '25.8.32.4', database: 'events', user: 'ingest' });
  assert.deepEqual(s.infra.maria, { type: 'mysql', database: 'catalog' }, 'root is not a user slipway creates; mariadb is not the catalog image');
  const ingest = s.services.ingest!;
  assert.equal(ingest.image, 'data_hub-ingest', "compose's name for a built image");
  assert.deepEqual(ingest.command, ['/app/ingest']);
  assert.deepEqual(ingest.args, ['--brokers', 'kafka:9092', '--verbose']);
  assert.deepEqual(ingest.ports, { metrics: 9464, 'port-5140': { port: 5140, protocol: 'UDP' }, http: 7000, 'port-7001': 7001 });
  assert.deepEqual(ingest.env, { TZ: 'UTC', KAFKA_BROKERS: '${infra.kafka.brokers}', CLICKHOUSE_URL: 'http://${infra.olap.host}:${infra.olap.port}/events', COST: '$5 per record', TEMPLATE: '$${not_a_reference}' });
  assert.deepEqual(ingest.health, { readiness: { http: '/ready', port: 'http', period: 90 } });
  assert.deepEqual(ingest.writable, ['/tmp', '/scratch', '/var/cache/ingest']);
  assert.equal(ingest.readOnlyRootFilesystem, undefined, 'read_only: true is the stack default');
  assert.deepEqual([ingest.user, ingest.gracePeriod, ingest.pullPolicy], [1001, 45, 'Always']);
  const archiver = s.services.archiver!;
  assert.equal(archiver.kind, 'worker');
  assert.deepEqual(archiver.args, ['sh', '-c', 'archive --from /var/spool/ingest && sleep 3600']);
  assert.equal(archiver.env!.MYSQL_DSN, '${infra.maria.user}:${infra.maria.password}@tcp(${infra.maria.host}:${infra.maria.port})/catalog', 'credentials inside a DSN become references');
  assert.deepEqual(archiver.volumes, { spool: { path: '/var/spool/ingest', size: '1Gi', shared: true } });
  assert.deepEqual(ingest.volumes, archiver.volumes, 'a named volume two services mount is one shared claim');
  assert.deepEqual(archiver.files, { '/etc/archiver/config.yaml': 'bucket: archive\nprefix: raw/$${date}\n', '/rules': 'keep *.json\ndrop *.tmp\n' });
  assert.deepEqual(Object.keys(s.environments ?? {}), ['default', 'nightly', 'reports']);
});

test('every import validates, renders in every environment, repeats byte for byte, and holds no compose secret', () => {
  for (const file of [SHOP, FEATURES]) {
    const first = importCommand({ file });
    assert.equal(importCommand({ file }).stack, first.stack, 'deterministic');
    const loaded = parseStack(first.stack, 'imported.yaml');
    for (const env of environmentNames(loaded.data as StackSpec)) assert.ok(renderStack(loaded, { environment: env }).objects.length > 5, `${file} renders ${env}`);
    for (const secret of ['devsecret', 'change-me-in-prod', 'rootpw', 'plain-text-secret']) assert.ok(!first.stack.includes(secret), `${file}: ${secret} leaked`);
  }
});

test('what is not mapped is reported at its line in the compose file', () => {
  const { diagnostics } = importCommand({ file: FEATURES });
  const at = (re: RegExp) => diagnostics.find((d) => re.test(d.message));
  assert.deepEqual(at(/cap_add is not mapped/) && [at(/cap_add/)!.line, at(/cap_add/)!.severity], [69, 'info']);
  assert.deepEqual(at(/not imported: .*ZooKeeper/) && at(/ZooKeeper/)!.line, 12);
  assert.equal(at(/CH_PASSWORD/)?.code, 'compose-unset-variable');
  assert.equal(at(/SHELL_VALUE/)?.severity, 'warning');
  assert.ok(at(/mounts secrets as files/), 'compose secrets are flagged');
  assert.ok(!diagnostics.some((d) => /rootpw|plain-text-secret/.test(d.message)), 'no secret in a message');
});

test('bad compose input: one located error per problem, nothing written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-compose-'));
  const file = join(dir, 'compose.yaml');
  writeFileSync(file, ['services:', '  api:', '    image: x:1', '    env_file: missing.env', '    depends_on: [dbx]', '    environment:', '      A: ${NEEDED:?set NEEDED}', '  nothing: {}', ''].join('\n'));
  const err = (() => {
    try {
      importCommand({ file, out: join(dir, 'out.yaml') });
    } catch (e) {
      return e;
    }
    return undefined;
  })();
  assert.ok(err instanceof SlipwayError);
  assert.equal(err.exitCode, 2);
  const lines = err.diagnostics.map((d) => `${d.line}:${d.col} ${d.code} ${d.message}`).sort();
  assert.deepEqual(lines, [
    '4:15 compose-invalid env file not found: missing.env',
    '5:18 compose-invalid api depends on "dbx", which is not a service of this file',
    '7:10 compose-invalid ${NEEDED} is required: set NEEDED',
    '8:3 compose-invalid service "nothing" has neither image nor build',
  ]);
  assert.throws(() => loadCompose(join(dir, 'none.yaml')), /compose file not found/);
});
