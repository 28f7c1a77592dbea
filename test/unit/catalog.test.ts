import { describe, it } from 'node:test';
import { sumBytes } from '../../src/k8s/quantity.js';
import assert from 'node:assert/strict';
import { builtinCatalog } from '../../src/catalog/builtin.js';
import { credentialsSecretName, headlessName } from '../../src/catalog/common.js';
import type { CatalogEntry, CatalogOutput } from '../../src/catalog/contract.js';
import { kafkaClusterId } from '../../src/catalog/kafka.js';
import { WAIT_UID } from '../../src/catalog/wait.js';
import type { K8sObject } from '../../src/k8s/object.js';
import type { ResolvedInfra } from '../../src/model/resolved.js';
import { CATALOG_CTX, internalInfra } from '../catalog-fixtures.js';

type Obj = Record<string, any>;

const ctx = CATALOG_CTX;

function entry(type: string): CatalogEntry {
  const e = builtinCatalog.entry(type);
  assert.ok(e, `catalog entry ${type}`);
  return e;
}

const infraOf = (type: string, over: Partial<ResolvedInfra> = {}): ResolvedInfra => internalInfra(type, { name: type === 'postgresql' ? 'db' : type, ...over });

function render(type: string, over: Partial<ResolvedInfra> = {}): { infra: ResolvedInfra; out: CatalogOutput } {
  const infra = infraOf(type, over);
  return { infra, out: entry(type).internal(infra, ctx) };
}

function find(objects: K8sObject[], kind: string, name?: string): Obj {
  const o = objects.find((x) => x.kind === kind && (name === undefined || x.metadata.name === name));
  assert.ok(o, `${kind} ${name ?? ''} present`);
  return o as Obj;
}

const sts = (out: CatalogOutput): Obj => find(out.objects, 'StatefulSet');
const pod = (out: CatalogOutput): Obj => sts(out).spec.template.spec;
const main = (out: CatalogOutput): Obj => pod(out).containers[0];

function env(container: Obj): Map<string, Obj> {
  return new Map((container.env ?? []).map((e: Obj) => [e.name, e]));
}

function envValue(container: Obj, name: string): string | undefined {
  return env(container).get(name)?.value;
}

/** Paths backed by emptyDir volumes in a pod spec. */
function emptyDirPaths(spec: Obj, container: Obj): string[] {
  const empty = new Set(spec.volumes.filter((v: Obj) => v.emptyDir).map((v: Obj) => v.name));
  return container.volumeMounts.filter((m: Obj) => empty.has(m.name)).map((m: Obj) => m.mountPath);
}

/** Every container of every pod template (StatefulSet and Job), init containers included. */
function allContainers(objects: K8sObject[]): Obj[] {
  return objects
    .map((o) => (o as Obj).spec?.template?.spec)
    .filter(Boolean)
    .flatMap((spec: Obj) => [...(spec.initContainers ?? []), ...spec.containers]);
}

const TYPES = ['clickhouse', 'clickhouse-keeper', 'fluent-bit', 'grafana', 'kafka', 'loki', 'minio', 'mongodb', 'mysql', 'nacos', 'nats', 'opensearch', 'otel-collector', 'postgresql', 'prometheus', 'rabbitmq', 'redis'];
const UIDS: Record<string, number> = { clickhouse: 101, 'clickhouse-keeper': 101, grafana: 472, kafka: 1000, minio: 10001, mongodb: 999, mysql: 999, nacos: 10001, loki: 10001, nats: 10001, opensearch: 1000, 'otel-collector': 10001, postgresql: 999, prometheus: 65534, rabbitmq: 999, redis: 999 };

/** Entries whose server is a StatefulSet; the log agent is a DaemonSet (its own shape: test/unit/fluent-bit.test.ts). */
const SERVERS = TYPES.filter((t) => t !== 'fluent-bit');

/** Entries that keep nothing on disk: no data volume. */
const STATELESS = new Set(['otel-collector']);

describe('catalog registry', () => {
  it('lists every built-in entry', () => {
    assert.deepEqual(builtinCatalog.types(), TYPES);
  });

  it('pins a concrete default version for every entry', () => {
    // Semantic versions, Nacos's v-prefixed tags and MinIO's RELEASE.<timestamp> tags; never a moving tag.
    for (const t of TYPES) assert.match(entry(t).defaultVersion, /^(v?\d+(\.\d+)+|RELEASE\.\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ)$/, t);
  });
});

describe('internal instances share the hardened StatefulSet shape', () => {
  for (const type of SERVERS) {
    it(type, () => {
      const { infra, out } = render(type);
      const set = sts(out);
      const headless = find(out.objects, 'Service', headlessName(infra));
      const client = find(out.objects, 'Service', infra.name);
      assert.equal(set.spec.serviceName, headless.metadata.name);
      assert.equal(headless.spec.clusterIP, 'None');
      assert.equal(client.spec.clusterIP, undefined);
      assert.deepEqual(client.spec.selector, set.spec.selector.matchLabels);
      if (STATELESS.has(type)) assert.equal(set.spec.volumeClaimTemplates, undefined);
      else {
        assert.deepEqual(set.spec.volumeClaimTemplates.map((v: Obj) => v.metadata.name), ['data']);
        assert.equal(set.spec.volumeClaimTemplates[0].spec.resources.requests.storage, '5Gi');
        // The claim template is immutable, so it must not change with the version label.
        assert.equal(set.spec.volumeClaimTemplates[0].metadata.labels['app.kubernetes.io/version'], undefined);
      }

      const spec = pod(out);
      const uid = UIDS[type];
      assert.equal(spec.automountServiceAccountToken, false);
      assert.equal(spec.serviceAccountName, infra.name);
      assert.equal(spec.enableServiceLinks, false);
      assert.deepEqual(
        { runAsNonRoot: spec.securityContext.runAsNonRoot, runAsUser: spec.securityContext.runAsUser, runAsGroup: spec.securityContext.runAsGroup, fsGroup: spec.securityContext.fsGroup },
        { runAsNonRoot: true, runAsUser: uid, runAsGroup: uid, fsGroup: uid },
      );
      for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
        assert.equal(c.securityContext.readOnlyRootFilesystem, true, `${c.name} read-only root`);
        assert.deepEqual(c.securityContext.capabilities, { drop: ['ALL'] });
        assert.equal(c.securityContext.allowPrivilegeEscalation, false);
        assert.equal(c.securityContext.runAsUser, uid);
        const { 'ephemeral-storage': limit, ...limits } = c.resources.limits;
        const { 'ephemeral-storage': request, ...requests } = c.resources.requests;
        assert.deepEqual({ limits, requests }, { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '250m', memory: '512Mi' } });
        assert.equal(request, '256Mi', `${c.name} requests the infra's own ephemeral storage`);
        assert.ok(limit, `${c.name} has an ephemeral-storage limit`);
      }
      const c = main(out);
      // emptyDirs on disk count toward the pod's ephemeral storage: the server's limit covers all of them.
      const disk = spec.volumes.filter((v: Obj) => v.emptyDir && v.emptyDir.medium !== 'Memory').map((v: Obj) => v.emptyDir.sizeLimit);
      assert.ok(disk.length > 0, 'every entry writes to some emptyDir');
      assert.equal(c.resources.limits['ephemeral-storage'], sumBytes(['1Gi', ...disk]));
      assert.ok(c.readinessProbe && c.livenessProbe, 'readiness and liveness probes');
      // Liveness only checks the process listens (a TCP connect on one of its own ports), never the readiness check:
      // a busy or recovering server leaves the Service instead of being restarted.
      assert.ok(c.livenessProbe.tcpSocket, `${type}: liveness is a TCP connect`);
      assert.ok(c.ports.some((p: Obj) => p.name === c.livenessProbe.tcpSocket.port), `${type}: liveness port ${c.livenessProbe.tcpSocket.port} is a container port`);
      assert.notDeepEqual(c.livenessProbe.tcpSocket, c.readinessProbe.tcpSocket, `${type}: liveness differs from readiness`);
      assert.equal(c.volumeMounts.some((m: Obj) => m.name === 'data'), !STATELESS.has(type));
      // Every mount other than the data claim is backed by a pod volume.
      const volumes = new Set(spec.volumes.map((v: Obj) => v.name));
      for (const m of [...(spec.initContainers ?? []), ...spec.containers].flatMap((x: Obj) => x.volumeMounts))
        assert.ok(m.name === 'data' || volumes.has(m.name), `volume ${m.name}`);
    });
  }

  it('is deterministic: two renders are identical', () => {
    for (const type of TYPES) {
      const over = type === 'postgresql' || type === 'mysql' ? { databases: ['billing', 'orders'] } : type === 'kafka' ? { replicas: 3 } : {};
      assert.deepEqual(render(type, over).out, render(type, over).out, type);
    }
  });

  it('places pods by nodeSelector and tolerations when set', () => {
    const placement = { nodeSelector: { pool: 'data' }, tolerations: [{ key: 'data', operator: 'Exists', effect: 'NoSchedule' }] };
    const spec = pod(render('postgresql', { placement }).out);
    assert.deepEqual(spec.nodeSelector, placement.nodeSelector);
    assert.deepEqual(spec.tolerations, placement.tolerations);
  });
});

describe('passwords only through secretKeyRef', () => {
  for (const type of TYPES) {
    it(type, () => {
      const over = type === 'postgresql' || type === 'mysql' ? { databases: ['orders'] } : {};
      const { out } = render(type, over);
      assert.ok(!out.objects.some((o) => o.kind === 'Secret'), 'generated Secrets are returned separately, without values');
      for (const s of out.secrets) assert.ok(!('data' in s) && !('stringData' in s));
      for (const c of allContainers(out.objects)) {
        for (const e of c.env ?? []) {
          // A switch such as Nacos's NACOS_AUTH_ENABLE holds no secret; every other auth variable does.
          if (/PASSWORD|PWD|AUTH(?!_ENABLE$)/.test(e.name)) {
            assert.equal(e.value, undefined, `${c.name}: ${e.name} is not a literal`);
            assert.ok(e.valueFrom?.secretKeyRef?.name, `${c.name}: ${e.name} from a Secret`);
          }
        }
      }
      // No password flag with a literal value anywhere in the rendered objects.
      assert.doesNotMatch(JSON.stringify(out.objects), /--password[= ]['"]?[A-Za-z0-9]|IDENTIFIED BY '[A-Za-z0-9]|PASSWORD '[A-Za-z0-9]/, `${type}: literal password`);
    });
  }
});

describe('postgresql', () => {
  it('keeps PGDATA in a subdirectory of the volume and writes only to emptyDirs elsewhere', () => {
    const { out } = render('postgresql');
    const c = main(out);
    assert.equal(envValue(c, 'PGDATA'), '/var/lib/postgresql/data/pgdata');
    assert.ok(c.volumeMounts.some((m: Obj) => m.name === 'data' && m.mountPath === '/var/lib/postgresql/data'));
    const paths = emptyDirPaths(pod(out), c);
    for (const p of ['/var/run/postgresql', '/tmp']) assert.ok(paths.includes(p), p);
    assert.equal(envValue(c, 'POSTGRES_USER'), 'shop');
    assert.equal(envValue(c, 'POSTGRES_DB'), 'shop');
    assert.deepEqual(env(c).get('POSTGRES_PASSWORD')?.valueFrom, { secretKeyRef: { key: 'password', name: 'db-credentials' } });
  });

  it('probes readiness with pg_isready over TCP; liveness is a TCP connect, more tolerant than readiness', () => {
    const c = main(render('postgresql').out);
    assert.deepEqual(c.readinessProbe.exec.command.slice(0, 7), ['pg_isready', '-U', 'shop', '-d', 'shop', '-h', '127.0.0.1']);
    assert.deepEqual(c.livenessProbe.tcpSocket, { port: 'postgresql' });
    assert.ok(c.livenessProbe.failureThreshold * c.livenessProbe.periodSeconds > c.readinessProbe.failureThreshold * c.readinessProbe.periodSeconds);
  });

  it('has no provisioning Job without own databases', () => {
    const { out } = render('postgresql');
    assert.ok(!out.objects.some((o) => o.kind === 'Job'));
    assert.deepEqual(out.secrets.map((s) => s.name), ['db-credentials']);
  });

  it('provisions own databases with a re-runnable Job whose name follows the database list', () => {
    const { infra, out } = render('postgresql', { databases: ['billing', 'orders'] });
    const job = find(out.objects, 'Job');
    assert.match(job.metadata.name, /^db-provision-[0-9a-f]{8}$/);
    assert.equal(job.spec.ttlSecondsAfterFinished, undefined);
    assert.ok(job.spec.backoffLimit >= 5);
    const jpod = job.spec.template.spec;
    assert.ok(['OnFailure', 'Never'].includes(jpod.restartPolicy));
    assert.equal(jpod.securityContext.runAsUser, 999);
    assert.equal(jpod.containers[0].securityContext.readOnlyRootFilesystem, true);
    assert.ok(emptyDirPaths(jpod, jpod.containers[0]).includes('/tmp'));
    // The Job's pod must not be selected by the server's Services.
    const selector = sts(out).spec.selector.matchLabels as Record<string, string>;
    assert.ok(Object.entries(selector).some(([k, v]) => job.spec.template.metadata.labels[k] !== v));

    const script: string = jpod.containers[0].command.join(' ');
    assert.match(script, /pg_isready/);
    assert.match(script, /\\getenv pass DB_PASSWORD_0/);
    assert.match(script, /CREATE ROLE %I LOGIN PASSWORD %L/);
    assert.match(script, /ALTER ROLE %I WITH LOGIN PASSWORD %L/);
    assert.match(script, /CREATE DATABASE %I OWNER %I.*WHERE NOT EXISTS.*\\gexec/);
    const jenv = env(jpod.containers[0]);
    assert.equal(jenv.get('PGHOST')?.value, 'db.shop-dev.svc');
    assert.deepEqual(jenv.get('PGPASSWORD')?.valueFrom.secretKeyRef, { key: 'password', name: 'db-credentials' });
    assert.deepEqual(jenv.get('DB_PASSWORD_0')?.valueFrom.secretKeyRef, { key: 'password', name: credentialsSecretName(infra, 'billing') });
    assert.deepEqual(jenv.get('DB_PASSWORD_1')?.valueFrom.secretKeyRef, { key: 'password', name: credentialsSecretName(infra, 'orders') });

    assert.deepEqual(out.secrets.map((s) => s.name).sort(), ['db-billing-credentials', 'db-credentials', 'db-orders-credentials']);
    const billing = out.secrets.find((s) => s.name === 'db-billing-credentials');
    assert.deepEqual(billing?.keys, ['password']);
    assert.equal(billing?.fixed?.user, 'billing');

    const same = find(render('postgresql', { databases: ['billing', 'orders'] }).out.objects, 'Job');
    const other = find(render('postgresql', { databases: ['billing', 'orders', 'reports'] }).out.objects, 'Job');
    assert.equal(same.metadata.name, job.metadata.name);
    assert.notEqual(other.metadata.name, job.metadata.name);
  });

  it('connects users to the server or to their own database', () => {
    const e = entry('postgresql');
    const infra = infraOf('postgresql', { databases: ['orders'] });
    const admin = e.connection(infra, ctx);
    assert.equal(admin.host, 'db.shop-dev.svc');
    assert.equal(admin.port, 5432);
    assert.deepEqual(admin.password, { name: 'db-credentials', key: 'password' });
    assert.equal(admin.url, 'postgresql://shop:{password}@db.shop-dev.svc:5432/shop');
    assert.deepEqual(admin.values, { host: 'db.shop-dev.svc', port: '5432', database: 'shop', user: 'shop' });
    const own = e.connection(infra, ctx, 'orders');
    assert.equal(own.user, 'orders');
    assert.equal(own.database, 'orders');
    assert.deepEqual(own.password, { name: 'db-orders-credentials', key: 'password' });
    assert.equal(own.url, 'postgresql://orders:{password}@db.shop-dev.svc:5432/orders');
    assert.deepEqual(Object.keys(e.env).sort(), ['database', 'host', 'password', 'port', 'url', 'user']);
    assert.equal(e.env.url, 'DATABASE_URL');
  });

  it('uses the external host and password Secret in external mode', () => {
    const e = entry('postgresql');
    const infra = infraOf('postgresql', {
      mode: 'external',
      user: 'app',
      database: 'app',
      external: { host: 'pg.example.internal', port: 6432, passwordSecret: { name: 'pg-pass', key: 'pw' }, tls: true },
    });
    const conn = e.connection(infra, ctx);
    assert.equal(conn.host, 'pg.example.internal');
    assert.equal(conn.port, 6432);
    assert.equal(conn.tls, true);
    assert.deepEqual(conn.password, { name: 'pg-pass', key: 'pw' });
    assert.equal(conn.url, 'postgresql://app:{password}@pg.example.internal:6432/app?sslmode=require');
    const withDb = e.connection(infra, ctx, 'orders');
    assert.equal(withDb.database, 'orders');
    assert.equal(withDb.user, 'app');
    assert.deepEqual(withDb.password, { name: 'pg-pass', key: 'pw' });
  });

  it('waits with a query as the connecting user, password from the Secret', () => {
    const e = entry('postgresql');
    const infra = infraOf('postgresql', { databases: ['orders'] });
    const w = e.wait(infra, e.connection(infra, ctx, 'orders'), ctx) as Obj;
    assert.equal(w.image, 'postgres:' + e.defaultVersion);
    assert.match(w.command.join(' '), /psql .*-U 'orders' -d 'orders'.*SELECT 1/);
    assert.deepEqual(env(w).get('PGPASSWORD')?.valueFrom.secretKeyRef, { key: 'password', name: 'db-orders-credentials' });
    assert.equal(w.securityContext.runAsUser, WAIT_UID, 'clients run as a high non-root UID');
  });
});

describe('mysql', () => {
  it('moves the datadir into a subdirectory and mounts every path the entrypoint writes', () => {
    const { out } = render('mysql');
    const c = main(out);
    assert.deepEqual(c.args, ['mysqld', '--datadir=/var/lib/mysql/data']);
    assert.ok(c.volumeMounts.some((m: Obj) => m.name === 'data' && m.mountPath === '/var/lib/mysql'));
    const paths = emptyDirPaths(pod(out), c);
    for (const p of ['/var/run/mysqld', '/tmp', '/var/lib/mysql-files']) assert.ok(paths.includes(p), p);
    const e = env(c);
    assert.deepEqual(e.get('MYSQL_ROOT_PASSWORD')?.valueFrom.secretKeyRef, { key: 'root-password', name: 'mysql-credentials' });
    assert.deepEqual(e.get('MYSQL_PASSWORD')?.valueFrom.secretKeyRef, { key: 'password', name: 'mysql-credentials' });
    assert.equal(e.get('MYSQL_USER')?.value, 'shop');
    assert.equal(e.get('MYSQL_DATABASE')?.value, 'shop');
    assert.ok(!e.has('MYSQL_PWD'), 'MYSQL_PWD would break the entrypoint before root has a password');
    assert.deepEqual(out.secrets[0]?.keys, ['password', 'root-password']);
  });

  it('probes with mysqladmin ping, password through MYSQL_PWD', () => {
    const c = main(render('mysql').out);
    for (const probe of [c.readinessProbe, c.startupProbe]) {
      const cmd = probe.exec.command.join(' ');
      assert.match(cmd, /MYSQL_PWD="\$MYSQL_ROOT_PASSWORD"/);
      assert.match(cmd, /mysqladmin .*-h 127\.0\.0\.1.* ping/);
    }
  });

  it('provisions own databases idempotently', () => {
    const { out } = render('mysql', { databases: ['orders'] });
    const job = find(out.objects, 'Job');
    assert.match(job.metadata.name, /^mysql-provision-[0-9a-f]{8}$/);
    const c = job.spec.template.spec.containers[0];
    const script: string = c.command.join(' ');
    for (const sql of ['CREATE DATABASE IF NOT EXISTS `orders`', 'CREATE USER IF NOT EXISTS', 'ALTER USER', 'GRANT ALL PRIVILEGES ON `orders`.*'])
      assert.ok(script.includes(sql), sql);
    assert.deepEqual(env(c).get('MYSQL_PWD')?.valueFrom.secretKeyRef, { key: 'root-password', name: 'mysql-credentials' });
    assert.deepEqual(env(c).get('DB_PASSWORD_0')?.valueFrom.secretKeyRef, { key: 'password', name: 'mysql-orders-credentials' });
    assert.ok(!render('mysql').out.objects.some((o) => o.kind === 'Job'));
  });

  it('connects and waits as the connecting user', () => {
    const e = entry('mysql');
    const infra = infraOf('mysql', { databases: ['orders'] });
    const own = e.connection(infra, ctx, 'orders');
    assert.equal(own.url, 'mysql://orders:{password}@mysql.shop-dev.svc:3306/orders');
    assert.deepEqual(own.password, { name: 'mysql-orders-credentials', key: 'password' });
    const w = e.wait(infra, own, ctx) as Obj;
    assert.match(w.command.join(' '), /mysql .*-u 'orders'.*SELECT 1.*'orders'/);
    assert.deepEqual(env(w).get('MYSQL_PWD')?.valueFrom.secretKeyRef, { key: 'password', name: 'mysql-orders-credentials' });
  });
});

describe('kafka', () => {
  const voters3 = [0, 1, 2].map((i) => `${i}@kafka-${i}.kafka-headless.shop-dev.svc:9093`).join(',');

  it('runs a KRaft quorum of combined broker+controller pods', () => {
    const { out } = render('kafka', { replicas: 3 });
    const set = sts(out);
    assert.equal(set.spec.replicas, 3);
    assert.equal(set.spec.podManagementPolicy, 'Parallel');
    const c = main(out);
    assert.equal(envValue(c, 'KAFKA_PROCESS_ROLES'), 'broker,controller');
    assert.equal(envValue(c, 'KAFKA_CONTROLLER_QUORUM_VOTERS'), voters3);
    assert.equal(envValue(c, 'KAFKA_LISTENERS'), 'PLAINTEXT://:9092,CONTROLLER://:9093');
    assert.equal(envValue(c, 'KAFKA_ADVERTISED_LISTENERS'), 'PLAINTEXT://$(POD_NAME).kafka-headless.shop-dev.svc:9092');
    assert.equal(envValue(c, 'KAFKA_CONTROLLER_LISTENER_NAMES'), 'CONTROLLER');
    assert.equal(envValue(c, 'KAFKA_INTER_BROKER_LISTENER_NAME'), 'PLAINTEXT');
    assert.match(envValue(c, 'KAFKA_LISTENER_SECURITY_PROTOCOL_MAP') ?? '', /CONTROLLER:PLAINTEXT/);
    assert.match(envValue(c, 'KAFKA_LOG_DIRS') ?? '', /^\/var\/lib\/kafka\/data\/.+/);
    assert.equal(envValue(c, 'KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR'), '3');
    assert.equal(envValue(c, 'KAFKA_TRANSACTION_STATE_LOG_MIN_ISR'), '2');
    // POD_NAME comes from the downward API and is declared before the variable that expands it.
    const names = c.env.map((e: Obj) => e.name);
    assert.ok(names.indexOf('POD_NAME') < names.indexOf('KAFKA_ADVERTISED_LISTENERS'));
    assert.deepEqual(env(c).get('POD_NAME')?.valueFrom, { fieldRef: { fieldPath: 'metadata.name' } });
    // node.id from the pod ordinal, then the image's own run script.
    assert.match(c.command.join(' '), /KAFKA_NODE_ID="\$\{HOSTNAME##\*-\}".*exec \/etc\/kafka\/docker\/run/);
    // No ZooKeeper anywhere.
    assert.doesNotMatch(JSON.stringify(out.objects), /ZOOKEEPER/i);
  });

  it('scales replication settings down for a single broker', () => {
    const c = main(render('kafka').out);
    assert.equal(envValue(c, 'KAFKA_CONTROLLER_QUORUM_VOTERS'), '0@kafka-0.kafka-headless.shop-dev.svc:9093');
    assert.equal(envValue(c, 'KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR'), '1');
    assert.equal(envValue(c, 'KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR'), '1');
    assert.equal(envValue(c, 'KAFKA_TRANSACTION_STATE_LOG_MIN_ISR'), '1');
  });

  it('derives a stable 22-character CLUSTER_ID', () => {
    const id = envValue(main(render('kafka', { replicas: 3 }).out), 'CLUSTER_ID');
    assert.match(id ?? '', /^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    assert.equal(envValue(main(render('kafka', { replicas: 3 }).out), 'CLUSTER_ID'), id);
    assert.equal(Buffer.from(id ?? '', 'base64url').length, 16);
    assert.notEqual(kafkaClusterId({ ...ctx, environment: 'prod' }, infraOf('kafka')), id);
    assert.notEqual(kafkaClusterId(ctx, infraOf('kafka', { name: 'events' })), id);
  });

  it('publishes not-ready peers on the headless Service and keeps the controller port off the client Service', () => {
    const { out } = render('kafka', { replicas: 3 });
    const headless = find(out.objects, 'Service', 'kafka-headless');
    assert.equal(headless.spec.publishNotReadyAddresses, true);
    assert.deepEqual(headless.spec.ports.map((p: Obj) => p.port), [9092, 9093]);
    assert.deepEqual(find(out.objects, 'Service', 'kafka').spec.ports.map((p: Obj) => p.port), [9092]);
  });

  it('makes the run script writable paths emptyDirs and seeds the config directory', () => {
    const { out } = render('kafka');
    const spec = pod(out);
    const paths = emptyDirPaths(spec, main(out));
    for (const p of ['/opt/kafka/config', '/opt/kafka/logs', '/tmp']) assert.ok(paths.includes(p), p);
    assert.ok(!paths.includes('/etc/kafka/docker'));
    const seed = spec.initContainers[0];
    const configVolume = main(out).volumeMounts.find((m: Obj) => m.mountPath === '/opt/kafka/config').name;
    assert.ok(seed.volumeMounts.some((m: Obj) => m.name === configVolume && m.mountPath !== '/opt/kafka/config'));
    assert.match(seed.command.join(' '), /cp -R \/opt\/kafka\/config\/\./);
    // Started once the broker port is bound; Ready only once it answers a request (catalog-audit.test.ts).
    assert.equal(main(out).startupProbe.tcpSocket.port, 'broker');
    assert.equal(main(out).readinessProbe.exec.command[0], 'bash');
  });

  it('gives brokers for internal and external mode, without a password or url', () => {
    const e = entry('kafka');
    assert.equal(e.needsPassword, false);
    assert.equal(e.supportsDatabases, false);
    assert.equal(e.maxReplicas, 5);
    assert.equal(e.productionReplicas, 3);
    const internal = e.connection(infraOf('kafka', { replicas: 3 }), ctx);
    assert.equal(internal.values.brokers, [0, 1, 2].map((i) => `kafka-${i}.kafka-headless.shop-dev.svc:9092`).join(','));
    assert.equal(internal.url, undefined);
    assert.equal(internal.password, undefined);
    const external = e.connection(infraOf('kafka', { mode: 'external', external: { brokers: ['b1.example:9094', 'b2.example:9094'] } }), ctx);
    assert.equal(external.values.brokers, 'b1.example:9094,b2.example:9094');
    assert.equal(external.host, 'b1.example');
    assert.equal(external.port, 9094);
    assert.deepEqual(Object.keys(e.env).sort(), ['brokers', 'host', 'port']);
  });
});

describe('clickhouse', () => {
  it('writes users.d to an emptyDir and leaves config.d to the image (only single files are added)', () => {
    const { out } = render('clickhouse');
    const c = main(out);
    const paths = emptyDirPaths(pod(out), c);
    for (const p of ['/etc/clickhouse-server/users.d', '/tmp']) assert.ok(paths.includes(p), p);
    // Logs go to the console, so there is no log directory to fill (catalog-audit.test.ts).
    assert.ok(!paths.includes('/var/log/clickhouse-server'));
    assert.ok(!c.volumeMounts.some((m: Obj) => m.mountPath === '/etc/clickhouse-server/config.d' || m.mountPath === '/etc/clickhouse-server'));
    assert.ok(c.volumeMounts.some((m: Obj) => m.name === 'data' && m.mountPath === '/var/lib/clickhouse'));
    const e = env(c);
    assert.equal(e.get('CLICKHOUSE_DB')?.value, 'shop');
    assert.equal(e.get('CLICKHOUSE_USER')?.value, 'shop');
    assert.equal(e.get('CLICKHOUSE_DEFAULT_ACCESS_MANAGEMENT')?.value, '1');
    assert.deepEqual(e.get('CLICKHOUSE_PASSWORD')?.valueFrom.secretKeyRef, { key: 'password', name: 'clickhouse-credentials' });
  });

  it('probes /ping over HTTP and exposes the HTTP and native ports', () => {
    const c = main(render('clickhouse').out);
    assert.deepEqual(c.readinessProbe.httpGet, { path: '/ping', port: 'http' });
    assert.deepEqual(c.livenessProbe.tcpSocket, { port: 'native' });
    assert.deepEqual(c.ports.map((p: Obj) => p.containerPort), [8123, 9000]);
  });

  it('connects over HTTP with a URL, https for external TLS', () => {
    const e = entry('clickhouse');
    // Replicas replicate through a Keeper the stack names (clickhouse-keeper.test.ts).
    assert.equal(e.maxReplicas, 5);
    assert.deepEqual(e.replicasNeed, { option: 'keeper', type: 'clickhouse-keeper' });
    const conn = e.connection(infraOf('clickhouse'), ctx);
    assert.equal(conn.url, 'http://shop:{password}@clickhouse.shop-dev.svc:8123/shop');
    assert.equal(conn.values.nativePort, '9000');
    const ext = e.connection(infraOf('clickhouse', { mode: 'external', external: { host: 'ch.example', passwordSecret: { name: 'ch', key: 'password' }, tls: true } }), ctx);
    assert.match(ext.url ?? '', /^https:\/\/shop:\{password\}@ch\.example:\d+\/shop$/);
    assert.deepEqual(ext.password, { name: 'ch', key: 'password' });
    const w = e.wait(infraOf('clickhouse'), conn, ctx) as Obj;
    assert.match(w.command.join(' '), /wget .*http:\/\/clickhouse\.shop-dev\.svc:8123\/ping/);
  });
});

describe('redis (reference entry, on the shared builder)', () => {
  it('keeps its data on /data and its password in the Secret', () => {
    const { out } = render('redis');
    const c = main(out);
    assert.ok(c.volumeMounts.some((m: Obj) => m.name === 'data' && m.mountPath === '/data'));
    assert.deepEqual(c.args.slice(0, 3), ['redis-server', '--requirepass', '$(REDIS_PASSWORD)']);
    assert.deepEqual(out.secrets.map((s) => s.name), ['redis-credentials']);
  });
});
