/**
 * The entries of issue 9 item 5 (rabbitmq, nats, nacos, mongodb, minio, opensearch): what each renders for one
 * and for several replicas, their connection data internal and external, their waits, recognition of their images,
 * and a golden of one stack with all of them (test/fixtures/catalog-entries, UPDATE_GOLDEN=1 to accept).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, test } from 'node:test';
import { builtinCatalog } from '../../src/catalog/builtin.js';
import type { CatalogEntry, CatalogOutput } from '../../src/catalog/contract.js';
import { heapMiB } from '../../src/catalog/opensearch.js';
import { rabbitmqConf } from '../../src/catalog/rabbitmq.js';
import { natsConf } from '../../src/catalog/nats.js';
import { renderStack } from '../../src/commands/render.js';
import { parseStack } from '../../src/load/load-stack.js';
import type { ResolvedInfra } from '../../src/model/resolved.js';
import { CATALOG_CTX, internalInfra } from '../catalog-fixtures.js';

type Obj = Record<string, any>;
const ctx = CATALOG_CTX;
const entry = (type: string): CatalogEntry => builtinCatalog.entry(type)!;
const infraOf = (type: string, over: Partial<ResolvedInfra> = {}): ResolvedInfra => internalInfra(type, { name: type, ...over });
const render = (type: string, over: Partial<ResolvedInfra> = {}): CatalogOutput => entry(type).internal(infraOf(type, over), ctx);
const sts = (out: CatalogOutput): Obj => out.objects.find((o) => o.kind === 'StatefulSet') as Obj;
const container = (out: CatalogOutput): Obj => sts(out).spec.template.spec.containers[0];
const envOf = (c: Obj): Record<string, Obj> => Object.fromEntries((c.env ?? []).map((e: Obj) => [e.name, e]));
const external = (type: string, over: Partial<ResolvedInfra['external']> = {}) =>
  infraOf(type, { mode: 'external', external: { host: `${type}.example.internal`, passwordSecret: { name: `${type}-password` }, ...over } });
const waitCheck = (type: string, infra: ResolvedInfra): string => (entry(type).wait(infra, entry(type).connection(infra, ctx), ctx) as Obj).command[2];

describe('rabbitmq', () => {
  it('clusters 3 nodes by classic peer discovery with quorum queues by default; one node has no cluster settings', () => {
    const three = rabbitmqConf(infraOf('rabbitmq', { replicas: 3 }), ctx);
    for (const i of [0, 1, 2]) assert.match(three, new RegExp(`cluster_formation\\.classic_config\\.nodes\\.${i + 1} = rabbit@rabbitmq-${i}\\.rabbitmq-headless\\.shop-dev\\.svc\\n`));
    assert.match(three, /default_queue_type = quorum/);
    assert.match(three, /cluster_partition_handling = pause_minority/);
    assert.doesNotMatch(rabbitmqConf(infraOf('rabbitmq'), ctx), /cluster_formation|default_queue_type/);
  });

  it('names each node by its stable DNS name and writes the Erlang cookie owner-only before the server starts', () => {
    const out = render('rabbitmq', { replicas: 3 });
    const env = envOf(container(out));
    assert.equal(env.RABBITMQ_NODENAME!.value, 'rabbit@$(POD_NAME).rabbitmq-headless.shop-dev.svc');
    assert.equal(env.RABBITMQ_USE_LONGNAME!.value, 'true');
    assert.deepEqual(env.RABBITMQ_DEFAULT_PASS!.valueFrom, { secretKeyRef: { name: 'rabbitmq-credentials', key: 'password' } });
    const init = sts(out).spec.template.spec.initContainers[0];
    assert.equal(init.name, 'erlang-cookie');
    assert.match(init.command[2], /umask 077/);
    assert.deepEqual(out.secrets[0]!.keys, ['password', 'erlang-cookie']);
    assert.equal(sts(out).spec.replicas, 3);
    assert.equal(sts(out).spec.podManagementPolicy, 'Parallel');
    // Erlang distribution and epmd only on the headless Service.
    const client = out.objects.find((o) => o.kind === 'Service' && o.metadata.name === 'rabbitmq') as Obj;
    assert.deepEqual(client.spec.ports.map((p: Obj) => p.name), ['amqp', 'management', 'prometheus']);
  });

  it('connection: amqp URL with the default vhost; amqps on 5671 for an external TLS broker; waits', () => {
    assert.equal(entry('rabbitmq').connection(infraOf('rabbitmq'), ctx).url, 'amqp://shop:{password}@rabbitmq.shop-dev.svc:5672/%2F');
    const ext = external('rabbitmq', { tls: true, user: 'app' });
    assert.equal(entry('rabbitmq').connection(ext, ctx).url, 'amqps://app:{password}@rabbitmq.example.internal:5671/%2F');
    assert.match(waitCheck('rabbitmq', infraOf('rabbitmq')), /\/api\/whoami/);
    assert.match(waitCheck('rabbitmq', ext), /nc -z -w 2 rabbitmq\.example\.internal 5671/);
  });
});

describe('nats', () => {
  it('routes 3 servers to each other; JetStream on the volume; the password from the environment', () => {
    const conf = natsConf(infraOf('nats', { replicas: 3 }), ctx);
    assert.match(conf, /cluster \{ name: "nats", port: 6222, routes: \["nats:\/\/nats-0\.nats-headless\.shop-dev\.svc:6222", "nats:\/\/nats-1\./);
    assert.match(conf, /password: \$NATS_PASSWORD/);
    assert.match(conf, /jetstream \{ store_dir: "\/data\/jetstream" \}/);
    assert.doesNotMatch(natsConf(infraOf('nats'), ctx), /cluster/);
    const out = render('nats', { replicas: 3 });
    assert.deepEqual(container(out).args, ['--config', '/etc/nats/nats.conf']);
    assert.equal(container(out).readinessProbe.httpGet.path, '/healthz');
    assert.equal(entry('nats').connection(infraOf('nats'), ctx).url, 'nats://shop:{password}@nats.shop-dev.svc:4222');
  });

  it('refuses an even cluster size (JetStream meta quorum)', () => {
    assert.deepEqual(entry('nats').replicaCounts, [1, 3, 5]);
  });
});

describe('nacos', () => {
  it('standalone on embedded storage without options; cluster on the named mysql entry with its schema loaded', () => {
    const alone = envOf(container(render('nacos')));
    assert.equal(alone.MODE!.value, 'standalone');
    assert.equal(alone.SPRING_DATASOURCE_PLATFORM, undefined);
    const configDb = entry('mysql').connection(internalInfra('mysql', { name: 'config-db' }), ctx);
    const out = render('nacos', { replicas: 3, options: { mysql: 'config-db' }, dependencies: { 'config-db': configDb } });
    const env = envOf(container(out));
    assert.equal(env.MODE!.value, 'cluster');
    assert.equal(env.NACOS_SERVERS!.value.split(' ').length, 3);
    assert.equal(env.EMBEDDED_STORAGE, undefined);
    assert.equal(env.MYSQL_SERVICE_HOST!.value, 'config-db.shop-dev.svc');
    assert.deepEqual(env.MYSQL_SERVICE_PASSWORD!.valueFrom, { secretKeyRef: { name: 'config-db-credentials', key: 'password' } });
    const inits = sts(out).spec.template.spec.initContainers.map((c: Obj) => c.name);
    assert.deepEqual(inits, ['seed-conf', 'mysql-schema']);
    assert.equal(envOf(container(render('nacos', { replicas: 3 }))).EMBEDDED_STORAGE!.value, 'embedded');
  });

  it('connects to an external mysql entry where that entry says: its host, port, user, database and passwordSecret', () => {
    const text = [
      'name: shop',
      'infra:',
      '  config-db: { type: mysql, mode: external, database: nacos_config, external: { host: db.example.internal, port: 3307, user: nacos, tls: true, passwordSecret: { name: db-pass, key: pw } } }',
      '  config: { type: nacos, options: { mysql: config-db } }',
    ].join('\n');
    const { objects } = renderStack(parseStack(text, 'stack.yaml'), {});
    const spec = (objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'config') as Obj).spec.template.spec;
    const schema = spec.initContainers.find((c: Obj) => c.name === 'mysql-schema');
    for (const env of [envOf(spec.containers[0]), envOf(schema)]) {
      assert.equal(env.MYSQL_SERVICE_HOST!.value, 'db.example.internal');
      assert.equal(env.MYSQL_SERVICE_PORT!.value, '3307');
      assert.equal(env.MYSQL_SERVICE_USER!.value, 'nacos');
      assert.equal(env.MYSQL_SERVICE_DB_NAME!.value, 'nacos_config');
      assert.deepEqual(env.MYSQL_SERVICE_PASSWORD!.valueFrom, { secretKeyRef: { name: 'db-pass', key: 'pw' } });
    }
    assert.match(envOf(spec.containers[0]).MYSQL_SERVICE_DB_PARAM!.value, /useSSL=true/);
    assert.match(schema.command[2], /-h "\$MYSQL_SERVICE_HOST" -P "\$MYSQL_SERVICE_PORT" -u "\$MYSQL_SERVICE_USER" --ssl-mode=REQUIRED/);
    // Nothing points at a Service or Secret the external entry never gets.
    assert.doesNotMatch(JSON.stringify(objects), /config-db\.shop-dev\.svc|config-db-credentials/);
  });

  it('depends on its mysql entry (validated, and let through NetworkPolicies)', () => {
    assert.deepEqual(entry('nacos').dependsOn!(infraOf('nacos', { options: { mysql: 'config-db' } })), [{ name: 'config-db', type: 'mysql', path: ['options', 'mysql'] }]);
    assert.deepEqual(entry('nacos').dependsOn!(infraOf('nacos')), []);
  });
});

describe('mongodb', () => {
  const jobOf = (out: CatalogOutput): Obj => out.objects.find((o) => o.kind === 'Job') as Obj;
  // The Job's mongosh program as written: the shell's quoting of its single quotes undone.
  const script = (out: CatalogOutput): string => (jobOf(out).spec.template.spec.containers[0].command[2] as string).replaceAll(`'\\''`, `'`);

  it('a replica set of 3: keyFile from a generated Secret, an initiating Job, a URI naming every member', () => {
    const out = render('mongodb', { replicas: 3 });
    assert.deepEqual(container(out).args, ['mongod', '--bind_ip_all', '--replSet', 'mongodb', '--keyFile', '/etc/mongo-key/keyfile']);
    assert.match(sts(out).spec.template.spec.initContainers[0].command[2], /umask 277/);
    assert.match(script(out), /replSetInitiate/);
    assert.doesNotMatch(script(out), /(?<!process\.env\.)(MONGO|APP)_PASSWORD/, 'the passwords are read inside mongosh');
    const url = entry('mongodb').connection(infraOf('mongodb', { replicas: 3 }), ctx).url;
    assert.equal(url, 'mongodb://app:{password}@mongodb-0.mongodb-headless.shop-dev.svc:27017,mongodb-1.mongodb-headless.shop-dev.svc:27017,mongodb-2.mongodb-headless.shop-dev.svc:27017/shop?replicaSet=mongodb&authSource=admin');
  });

  it('users connect as the application user with its own generated Secret; root stays for the Job', () => {
    for (const replicas of [1, 3]) {
      const out = render('mongodb', { replicas });
      const conn = entry('mongodb').connection(infraOf('mongodb', { replicas }), ctx);
      assert.equal(conn.user, 'app');
      assert.equal(conn.database, 'shop');
      assert.deepEqual(conn.password, { name: 'mongodb-app-credentials', key: 'password' });
      const app = out.secrets.find((s) => s.name === 'mongodb-app-credentials');
      assert.deepEqual(app?.keys, ['password']);
      assert.deepEqual(app?.fixed, { user: 'app', database: 'shop' });
      // The server is still initialised with the root user from the instance's own Secret.
      assert.deepEqual(envOf(container(out)).MONGO_INITDB_ROOT_PASSWORD!.valueFrom, { secretKeyRef: { name: 'mongodb-credentials', key: 'password' } });
      const env = envOf(jobOf(out).spec.template.spec.containers[0]);
      assert.equal(env.MONGO_USER!.value, 'shop');
      assert.deepEqual(env.APP_PASSWORD!.valueFrom, { secretKeyRef: { name: 'mongodb-app-credentials', key: 'password' } });
      assert.equal(env.APP_DATABASE!.value, 'shop');
    }
  });

  it('the Job creates the user through the set (on the primary), keeps it in sync, and keeps access a live stack had', () => {
    const rs = script(render('mongodb', { replicas: 3 }));
    assert.match(rs, /replicaSet=mongodb&serverSelectionTimeoutMS=5000/, 'the user is written through the set, so on the primary');
    assert.ok(rs.indexOf('replSetInitiate') < rs.indexOf('createUser'), 'initiated before the user is written');
    for (const s of [rs, script(render('mongodb'))]) {
      assert.match(s, /if \(admin\.getUser\(name\)\) \{ admin\.updateUser\(name, \{ pwd: pwd \}\); admin\.grantRolesToUser\(name, \[\{ role: 'readWrite', db: main \}\]\); \}/);
      // First creation on a server with data: readWrite on every database it holds except MongoDB's own.
      assert.match(s, /listDatabases: 1, nameOnly: true/);
      assert.match(s, /const system = \["admin","config","local"\]/);
      assert.doesNotMatch(s, /revokeRoles|dropUser/);
    }
  });

  it('one node: no replica set and no keyfile, but the Job that makes the application user', () => {
    const out = render('mongodb');
    assert.deepEqual(container(out).args, ['mongod', '--bind_ip_all']);
    assert.doesNotMatch(script(out), /replSetInitiate|replicaSet=/);
    assert.match(script(out), /mongodb-0\.mongodb-headless\.shop-dev\.svc:27017\/admin\?directConnection=true/);
    assert.deepEqual(out.secrets.map((s) => [s.name, s.keys]), [['mongodb-credentials', ['password']], ['mongodb-app-credentials', ['password']]]);
    assert.equal(entry('mongodb').connection(infraOf('mongodb'), ctx).url, 'mongodb://app:{password}@mongodb.shop-dev.svc:27017/shop?authSource=admin');
  });

  it('an external server: the user and password Secret the stack names, as before', () => {
    const conn = entry('mongodb').connection(external('mongodb', { user: 'reporting' }), ctx);
    assert.equal(conn.url, 'mongodb://reporting:{password}@mongodb.example.internal:27017/?authSource=admin');
    assert.deepEqual(conn.password, { name: 'mongodb-password', key: 'password' });
  });
});

describe('minio', () => {
  it('4 replicas form one erasure-coded pool over the pods; one replica serves /data', () => {
    assert.deepEqual(container(render('minio', { replicas: 4 })).args.slice(0, 2), ['server', 'http://minio-{0...3}.minio-headless.shop-dev.svc/data']);
    assert.deepEqual(container(render('minio')).args.slice(0, 2), ['server', '/data']);
    assert.deepEqual(entry('minio').replicaCounts, [1, 4]);
    assert.match(waitCheck('minio', infraOf('minio')), /\/minio\/health\/ready/);
  });
});

describe('opensearch', () => {
  it('no mmap (no privileged sysctl), single node, heap half the memory limit, authenticated readiness', () => {
    const env = envOf(container(render('opensearch')));
    assert.equal(env['node.store.allow_mmap']!.value, 'false');
    assert.equal(env['discovery.type']!.value, 'single-node');
    assert.equal(env.OPENSEARCH_JAVA_OPTS!.value, '-Xms512m -Xmx512m');
    assert.equal(heapMiB(infraOf('opensearch', { resources: { ...infraOf('opensearch').resources, limits: { cpu: '2', memory: '4Gi', ephemeral: '1Gi' } } })), 2048);
    const ready = container(render('opensearch')).readinessProbe.exec.command[2];
    assert.match(ready, /curl -sfk -m 5 -K -/);
    assert.doesNotMatch(ready, /-u /, 'credentials never on argv');
    assert.equal(entry('opensearch').maxReplicas, 1);
  });
});

test('recognize: official images and other builds of the same server', () => {
  const cases: [string, string, boolean][] = [
    ['rabbitmq:4.1-management', 'rabbitmq', true],
    ['registry.local/bitnami/rabbitmq:3.13', 'rabbitmq', false],
    ['nats:2.12-alpine', 'nats', true],
    ['nacos/nacos-server:v2.4.3', 'nacos', true],
    ['mongo:8.0', 'mongodb', true],
    ['mongodb/mongodb-community-server:8.0-ubi8', 'mongodb', false],
    ['minio/minio:RELEASE.2025-09-07T16-13-09Z', 'minio', true],
    ['quay.io/minio/minio:latest', 'minio', true],
    ['opensearchproject/opensearch:3.8.0', 'opensearch', true],
  ];
  for (const [image, type, official] of cases) {
    const m = builtinCatalog.recognize(image);
    assert.equal(m?.entry.type, type, image);
    assert.equal(m?.official, official, image);
  }
});

test('variants with another user: the Alpine rabbitmq runs as 100:101', () => {
  const spec = sts(render('rabbitmq', { image: 'rabbitmq:4.1.8-alpine' })).spec.template.spec;
  assert.deepEqual([spec.securityContext.runAsUser, spec.securityContext.runAsGroup], [100, 101]);
});

test('the stack with every new entry renders to its golden objects (UPDATE_GOLDEN=1 to accept)', () => {
  const dir = join('test', 'fixtures', 'catalog-entries');
  const { text } = renderStack(parseStack(readFileSync(join(dir, 'stack.yaml'), 'utf8'), 'stack.yaml'), {});
  const golden = join(dir, 'objects.yaml');
  if (process.env.UPDATE_GOLDEN) writeFileSync(golden, text);
  assert.ok(existsSync(golden), `${golden} is missing: run with UPDATE_GOLDEN=1 and review it`);
  assert.equal(text, readFileSync(golden, 'utf8'));
});

test('a dependency between infra: started first, and let through NetworkPolicies both ways', () => {
  const text = [
    'name: shop',
    'profile: production',
    'services:',
    '  api: { image: ghcr.io/acme/api:1.0.0, ports: { http: 8080 }, uses: [config] }',
    'infra:',
    '  config-db: { type: mysql }',
    '  config: { type: nacos, options: { mysql: config-db } }',
  ].join('\n');
  const { objects } = renderStack(parseStack(text, 'stack.yaml'), {});
  const policy = (name: string) => (objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === name) as Obj).spec;
  const froms = policy('config-db').ingress.flatMap((r: Obj) => r.from.map((f: Obj) => f.podSelector?.matchLabels['app.kubernetes.io/name']));
  assert.ok(froms.includes('config'), `config-db admits nacos: ${froms.join(', ')}`);
  const tos = policy('config').egress.flatMap((r: Obj) => (r.to ?? []).map((t: Obj) => t.podSelector?.matchLabels?.['app.kubernetes.io/name']));
  assert.ok(tos.includes('config-db'), `nacos may reach config-db: ${tos.join(', ')}`);
  // Without the option no such traffic is allowed.
  const alone = renderStack(parseStack(text.replace(', options: { mysql: config-db }', ''), 'stack.yaml'), {}).objects;
  const dbAlone = (alone.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'config-db') as Obj).spec;
  assert.ok(!JSON.stringify(dbAlone.ingress ?? []).includes('"config"'));
});
