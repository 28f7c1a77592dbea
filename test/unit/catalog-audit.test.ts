/**
 * The defects and high risks of the image audit (/work/shared/docs/image-audit.md §8–§9), one block each, on
 * the rendered objects and on validation. The real-server halves are postgresql-server.test.ts and
 * redis-server.test.ts; Kafka's readiness exchange runs here against a socket that speaks the Kafka protocol.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import * as jsyaml from 'js-yaml';
import { builtinCatalog } from '../../src/catalog/builtin.js';
import type { CatalogOutput } from '../../src/catalog/contract.js';
import { imageUserOf, runAs, tagOf } from '../../src/catalog/image-user.js';
import { provisionJobName } from '../../src/catalog/common.js';
import { CORRELATION_ID } from '../../src/catalog/kafka-readiness.js';
import type { K8sObject } from '../../src/k8s/object.js';
import type { ResolvedInfra } from '../../src/model/resolved.js';
import { diagnose } from '../helpers.js';
import { CATALOG_CTX, internalInfra } from '../catalog-fixtures.js';

type Obj = Record<string, any>;

const ctx = CATALOG_CTX;

const infraOf = internalInfra;

const render = (type: string, over: Partial<ResolvedInfra> = {}): CatalogOutput => builtinCatalog.entry(type)!.internal(infraOf(type, over), ctx);
const ofKind = (objects: K8sObject[], kind: string): Obj[] => objects.filter((o) => o.kind === kind) as Obj[];
const podSpec = (out: CatalogOutput, kind = 'StatefulSet'): Obj => ofKind(out.objects, kind)[0]!.spec.template.spec;
const server = (out: CatalogOutput): Obj => podSpec(out).containers[0];
const envOf = (c: Obj): Map<string, string | undefined> => new Map((c.env ?? []).map((e: Obj) => [e.name, e.value]));

/** Findings of validation for an inline stack, as "code path" lines. */
function findings(text: string): string[] {
  return diagnose(text).map((d) => `${d.code} ${d.path}`);
}

describe('§8.1 the wait for an external TLS Redis can succeed', () => {
  const redis = builtinCatalog.entry('redis')!;
  const waitCheck = (infra: ResolvedInfra): string => (redis.wait(infra, redis.connection(infra, ctx), ctx).command as string[])[2]!;

  it('skips certificate verification (the image has no CA bundle), like sslmode=require', () => {
    const external = infraOf('redis', { mode: 'external', external: { host: 'cache.example', tls: true, passwordSecret: { name: 'cache' } } });
    assert.match(waitCheck(external), /redis-cli -h cache\.example -p 6379 --tls --insecure ping \| grep -q PONG/);
  });

  it('uses no TLS flags for a plain server', () => {
    assert.doesNotMatch(waitCheck(infraOf('redis')), /--tls|--insecure/);
  });
});

describe('§8.2–8.4 SQL names the server refuses or reserves are refused by validation', () => {
  const stack = (infra: string, uses = '[db]', name = 'shop') => `name: ${name}\nservices:\n  api:\n    image: ghcr.io/acme/api:1.0.0\n    uses: ${uses}\ninfra:\n  db: ${infra}\n`;

  it('mysql: users over 32 and databases over 64 characters, wherever the name comes from', () => {
    assert.deepEqual(findings(stack(`{type: mysql, user: ${'u'.repeat(33)}}`)), ['sql-name-length infra.db.user']);
    assert.deepEqual(findings(stack(`{type: mysql, user: ${'u'.repeat(32)}, database: ${'d'.repeat(64)}}`)), []);
    assert.deepEqual(findings(stack(`{type: mysql, user: app, database: ${'d'.repeat(65)}}`)), ['sql-name-length infra.db.database']);
    // The default user is the stack name; only the user crosses its limit (the database may have 64).
    assert.deepEqual(findings(stack('{type: mysql}', '[db]', 'customer-analytics-platform-eu-west-one')), ['sql-name-length infra.db']);
    assert.deepEqual(findings(stack('{type: mysql}', `[{db: {database: ${'o'.repeat(33)}}}]`)), ['sql-name-length services.api.uses[0].db.database']);
  });

  it('postgresql: names over 63 characters (NAMEDATALEN would truncate them)', () => {
    assert.deepEqual(findings(stack('{type: postgresql}', `[{db: {database: ${'o'.repeat(64)}}}]`)), ['sql-name-length services.api.uses[0].db.database']);
    assert.deepEqual(findings(stack('{type: postgresql}', `[{db: {database: ${'o'.repeat(63)}}}]`)), []);
  });

  it('external servers keep their own names (a managed server decides)', () => {
    const ext = (extra: string) => `{type: mysql, mode: external, ${extra} external: {host: db.example, passwordSecret: {name: db}}}`;
    assert.deepEqual(findings(stack(ext('user: root,'))), []);
    assert.deepEqual(findings(stack(ext(`user: ${'u'.repeat(40)},`))), []);
  });

  it('mysql: root, mysql, sys, information_schema, performance_schema as user, database or own database', () => {
    for (const name of ['root', 'mysql', 'sys', 'information_schema', 'performance_schema']) {
      assert.deepEqual(findings(stack('{type: mysql}', `[{db: {database: ${name}}}]`)), ['reserved-name services.api.uses[0].db.database'], name);
      assert.deepEqual(findings(stack(`{type: mysql, user: ${name}}`)), ['reserved-name infra.db.user'], name);
      assert.deepEqual(findings(stack(`{type: mysql, database: ${name}}`)), ['reserved-name infra.db.database'], name);
    }
    // A stack named root would default the user to root.
    assert.deepEqual(findings(stack('{type: mysql}', '[db]', 'root')), ['reserved-name infra.db', 'reserved-name infra.db']);
  });

  it('postgresql: postgres, template0/1 and pg_* as own databases; pg_*, public, none as the admin', () => {
    for (const name of ['postgres', 'template0', 'template1', 'pg_stats', 'public', 'none']) {
      assert.deepEqual(findings(stack('{type: postgresql}', `[{db: {database: ${name}}}]`)), ['reserved-name services.api.uses[0].db.database'], name);
    }
    assert.deepEqual(findings(stack('{type: postgresql, user: pg_admin}')), ['reserved-name infra.db.user']);
    assert.deepEqual(findings(stack('{type: postgresql, database: template1}')), ['reserved-name infra.db.database']);
    // The image's own defaults stay allowed for the admin.
    assert.deepEqual(findings(stack('{type: postgresql, user: postgres, database: postgres}')), []);
  });
});

describe('§9.1 Kafka logs to the console, not into its scratch volume', () => {
  const out = render('kafka', { replicas: 3 });
  const kafka = server(out);

  it('mounts a console-only log4j.properties where the image takes mounted configuration', () => {
    const [cm] = ofKind(out.objects, 'ConfigMap');
    const log4j: string = cm!.data['log4j.properties'];
    assert.match(log4j, /^log4j\.rootLogger=INFO, stdout$/m);
    assert.match(log4j, /ConsoleAppender/);
    assert.doesNotMatch(log4j, /FileAppender|kafka\.logs\.dir|Appender\.File/);
    // Every logger that names appenders names only stdout.
    for (const line of log4j.split('\n').filter((l) => /^log4j\.(rootLogger|logger\.)/.test(l))) {
      const appenders = line.split('=')[1]!.split(',').slice(1).map((a) => a.trim());
      for (const a of appenders) assert.equal(a, 'stdout', line);
    }
    const volume = podSpec(out).volumes.find((v: Obj) => v.configMap?.name === cm!.metadata.name);
    assert.ok(volume, 'the ConfigMap is a volume');
    assert.deepEqual(kafka.volumeMounts.find((m: Obj) => m.name === volume.name), { name: volume.name, mountPath: '/mnt/shared/config', readOnly: true });
  });

  it('carries a console-only log4j2.yaml for Kafka 4 in the shape its docker wrapper parses', () => {
    const [cm] = ofKind(out.objects, 'ConfigMap');
    const doc = jsyaml.load(cm!.data['log4j2.yaml']) as Obj;
    // The fields of kafka.docker.Log4jConfiguration (the wrapper fails on any other).
    assert.deepEqual(Object.keys(doc), ['Configuration']);
    assert.deepEqual(Object.keys(doc.Configuration), ['Appenders', 'Loggers']);
    assert.deepEqual(Object.keys(doc.Configuration.Appenders), ['Console']);
    assert.deepEqual(doc.Configuration.Loggers.Root, { level: 'INFO', AppenderRef: [{ ref: 'STDOUT' }] });
    for (const l of doc.Configuration.Loggers.Logger) assert.deepEqual(Object.keys(l), ['name', 'level'], l.name);
  });

  it('sends the GC log to stdout and keeps JVM options out of server.properties', () => {
    const env = envOf(kafka);
    assert.equal(env.get('KAFKA_GC_LOG_OPTS'), '-Xlog:gc:stdout');
    // The image's wrapper writes every other KAFKA_* variable into server.properties (KafkaDockerWrapper.scala
    // ExcludeServerPropsEnv lists the exceptions).
    const excluded = new Set(['KAFKA_VERSION', 'KAFKA_HEAP_OPTS', 'KAFKA_LOG4J_OPTS', 'KAFKA_OPTS', 'KAFKA_JMX_OPTS', 'KAFKA_JVM_PERFORMANCE_OPTS', 'KAFKA_GC_LOG_OPTS', 'KAFKA_LOG4J_ROOT_LOGLEVEL', 'KAFKA_LOG4J_LOGGERS', 'KAFKA_TOOLS_LOG4J_LOGLEVEL', 'KAFKA_JMX_HOSTNAME']);
    const props = [...env.keys()].filter((k) => k.startsWith('KAFKA_') && !excluded.has(k));
    assert.ok(!props.some((k) => /OPTS$/.test(k)), `JVM options would become properties: ${props}`);
  });
});

describe('§9.2 ClickHouse logs to the console whatever config.d the tag ships', () => {
  const out = render('clickhouse');
  const ch = server(out);

  it('adds zz-slipway-logging.xml to config.d, merged after the image file', () => {
    const [cm] = ofKind(out.objects, 'ConfigMap');
    const [file, xml] = Object.entries(cm!.data as Record<string, string>)[0]!;
    assert.ok(file > 'docker_related_config.xml', 'config.d files merge in name order');
    assert.match(xml, /<logger>[\s\S]*<console>1<\/console>[\s\S]*<log remove="remove"\/>[\s\S]*<errorlog remove="remove"\/>[\s\S]*<\/logger>/);
    assert.match(xml, /<level>information<\/level>/);
    const volume = podSpec(out).volumes.find((v: Obj) => v.configMap?.name === cm!.metadata.name);
    assert.deepEqual(ch.volumeMounts.find((m: Obj) => m.name === volume.name), { name: volume.name, mountPath: `/etc/clickhouse-server/config.d/${file}`, subPath: file, readOnly: true });
  });

  it('has no log directory to fill', () => {
    assert.ok(!ch.volumeMounts.some((m: Obj) => m.mountPath.startsWith('/var/log')));
  });
});

describe('§9.4 Kafka: Ready means "serves requests", quorums of 1, 3 or 5', () => {
  const kafka = server(render('kafka', { replicas: 3 }));
  const script: string = kafka.readinessProbe.exec.command[2];

  /** A socket on loopback that reads one Kafka request and answers it (or not). */
  async function broker(answer: boolean): Promise<{ port: number; requests: Obj[]; close: () => Promise<void> }> {
    const requests: Obj[] = [];
    const sockets: Socket[] = [];
    const srv: Server = createServer((sock) => {
      sockets.push(sock);
      // The probe closes its end as soon as it has read the correlation id.
      sock.on('error', () => undefined);
      let buf = Buffer.alloc(0);
      sock.on('data', (d) => {
        buf = Buffer.concat([buf, d]);
        if (buf.length < 4 || buf.length < 4 + buf.readInt32BE(0)) return;
        const size = buf.readInt32BE(0);
        const clientLen = buf.readInt16BE(12);
        const req = { size, apiKey: buf.readInt16BE(4), apiVersion: buf.readInt16BE(6), correlation: buf.subarray(8, 12).toString('latin1'), clientId: buf.subarray(14, 14 + clientLen).toString(), rest: buf.length - 14 - clientLen };
        requests.push(req);
        if (!answer) return;
        // ApiVersions v0 response: correlation id, error_code 0, an empty api_keys array.
        const body = Buffer.alloc(4 + 2 + 4);
        buf.copy(body, 0, 8, 12);
        sock.write(Buffer.concat([Buffer.from([0, 0, 0, body.length]), body]));
      });
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const port = (srv.address() as { port: number }).port;
    return { port, requests, close: () => new Promise((r) => { for (const s of sockets) s.destroy(); srv.close(() => r()); }) };
  }

  /** The probe's bash script against `port`; exit status, or null when it was still waiting after `ms`. */
  function probe(port: number, ms = 3000): Promise<number | null> {
    assert.match(script, /\/dev\/tcp\/127\.0\.0\.1\/9092/);
    return new Promise((resolve) => {
      const child = spawn('bash', ['-c', script.replace('/9092', `/${port}`)], { stdio: 'ignore' });
      const timer = setTimeout(() => child.kill('SIGKILL'), ms);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }

  it('is an exec probe with a timeout; startup stays a TCP check so a forming quorum is not restarted', () => {
    assert.deepEqual(kafka.readinessProbe.exec.command.slice(0, 2), ['bash', '-c']);
    assert.ok(kafka.readinessProbe.timeoutSeconds > 0);
    assert.deepEqual(kafka.startupProbe.tcpSocket, { port: 'broker' });
  });

  it('sends a well-formed ApiVersions v0 request and passes once the broker answers it', async () => {
    const b = await broker(true);
    try {
      assert.equal(await probe(b.port), 0);
      assert.deepEqual(b.requests, [{ size: 17, apiKey: 18, apiVersion: 0, correlation: CORRELATION_ID, clientId: 'slipway', rest: 0 }]);
    } finally {
      await b.close();
    }
  });

  it('fails while the broker accepts connections but does not answer (a TCP probe would pass)', async () => {
    const b = await broker(false);
    try {
      assert.notEqual(await probe(b.port), 0);
      assert.equal(b.requests.length, 1);
    } finally {
      await b.close();
    }
  });

  it('fails when nothing listens', async () => {
    const b = await broker(true);
    const port = b.port;
    await b.close();
    assert.notEqual(await probe(port), 0);
  });

  it('refuses 2 and 4 replicas; above 5 stays replicas-unsupported', () => {
    const stack = (r: string) => `name: shop\nservices:\n  api:\n    image: ghcr.io/acme/api:1.0.0\n    uses: [events]\ninfra:\n  events: {type: kafka${r}}\n`;
    for (const n of [2, 4]) assert.deepEqual(findings(stack(`, replicas: ${n}`)), ['replicas-quorum infra.events.replicas'], String(n));
    for (const n of [1, 3, 5]) assert.deepEqual(findings(stack(`, replicas: ${n}`)), [], String(n));
    assert.deepEqual(findings(stack(', replicas: 6')), ['replicas-unsupported infra.events.replicas']);
  });
});

describe('§9.5 Redis readiness needs an authenticated PONG', () => {
  it('pipes ping into grep PONG, liveness stays a TCP connect', () => {
    const redis = server(render('redis'));
    assert.deepEqual(redis.readinessProbe.exec.command, ['sh', '-c', 'redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG']);
    assert.ok(redis.env.some((e: Obj) => e.name === 'REDISCLI_AUTH'));
    assert.deepEqual(redis.livenessProbe.tcpSocket, { port: 'redis' });
  });
});

describe('§9.6 PostgreSQL own databases revoke PUBLIC', () => {
  it("revokes CONNECT/TEMP from PUBLIC on every own database and the admin's", () => {
    const job = ofKind(render('postgresql', { databases: ['billing_v2', 'orders'] }).objects, 'Job')[0]!;
    const script: string = job.spec.template.spec.containers[0].command[2];
    assert.equal(script.match(/REVOKE ALL ON DATABASE :"name" FROM PUBLIC;/g)?.length, 2);
    assert.match(script, /\\set main 'shop'\nREVOKE ALL ON DATABASE :"main" FROM PUBLIC;/);
  });

  it('names the Job after its script, so a changed script is a new Job (its pod template is immutable)', () => {
    const infra = infraOf('postgresql', { databases: ['orders'] });
    const spec = { image: infra.image, uid: 999, script: 'set -eu', env: [] };
    assert.notEqual(provisionJobName(infra, spec), provisionJobName(infra, { ...spec, script: 'set -eu\nREVOKE' }));
    assert.equal(provisionJobName(infra, spec), provisionJobName(infra, { ...spec }));
  });
});

describe('image tag variants run as their own user or are refused', () => {
  const user = (out: CatalogOutput, kind = 'StatefulSet') => {
    const s = podSpec(out, kind).securityContext;
    return [s.runAsUser, s.runAsGroup, s.fsGroup];
  };

  it('reads the tag of a reference (registry port, digest)', () => {
    assert.equal(tagOf('postgres:17-alpine'), '17-alpine');
    assert.equal(tagOf('registry.local:5000/lib/postgres:17.11@sha256:abc'), '17.11');
    assert.equal(tagOf('registry.local:5000/lib/postgres'), undefined);
  });

  it('postgres -alpine runs as 70 (server and provisioning Job), the Debian tags as 999', () => {
    const alpine = render('postgresql', { image: 'postgres:17.11-alpine3.22', databases: ['orders'] });
    assert.deepEqual(user(alpine), [70, 70, 70]);
    assert.deepEqual(user(alpine, 'Job'), [70, 70, 70]);
    assert.deepEqual(user(render('postgresql', { image: 'postgres:17.11-bookworm' })), [999, 999, 999]);
  });

  it('redis -alpine runs as 999 with group 1000', () => {
    assert.deepEqual(user(render('redis', { image: 'redis:7.4.2-alpine' })), [999, 1000, 1000]);
    assert.deepEqual(user(render('redis')), [999, 999, 999]);
  });

  it('refuses variants whose user or tools slipway cannot rely on, before rendering', () => {
    const mysql = builtinCatalog.entry('mysql')!;
    assert.ok(imageUserOf(mysql, '8.0.40-debian') && 'refused' in imageUserOf(mysql, '8.0.40-debian')!);
    assert.throws(() => runAs(mysql, 'mysql:8.0.40-debian'), /no known user/);
    const stack = (infra: string) => `name: shop\nservices:\n  api:\n    image: ghcr.io/acme/api:1.0.0\n    uses: [db]\ninfra:\n  db: ${infra}\n`;
    assert.deepEqual(findings(stack('{type: mysql, version: 8.0.40-debian}')), ['image-variant infra.db.version']);
    assert.deepEqual(findings(stack('{type: clickhouse, version: 25.8-alpine}')), ['image-variant infra.db.version']);
    assert.deepEqual(findings(stack('{type: clickhouse, image: "mirror.example/clickhouse-server:25.8-distroless"}')), ['image-variant infra.db.image']);
    assert.deepEqual(findings(stack('{type: postgresql, version: 17-alpine}')), []);
    // External servers run no image of ours.
    assert.deepEqual(findings(stack('{type: mysql, version: 8.0.40-debian, mode: external, external: {host: db.example, passwordSecret: {name: db}}}')), []);
  });
});
