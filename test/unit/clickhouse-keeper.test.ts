/**
 * Replicated ClickHouse with ClickHouse Keeper, rendered through the whole pipeline in the production profile:
 * the Keeper ensemble's keeper_config.xml (parsed with the XML parser config.d files are checked with), each
 * pod's server_id from its start command run by sh, the ClickHouse config.d file that joins the replicas to the
 * ensemble and one cluster, the wait for the Keeper, and users' connection data unchanged by replication.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { renderStack } from '../../src/commands/render.js';
import { loadStack } from '../../src/load/load-stack.js';
import { checkClickhouseFile, xmlProblem } from '../../src/catalog/clickhouse-config.js';
import { clickhouseInitScript } from '../../src/catalog/clickhouse.js';
import { CATALOG_CTX, internalInfra } from '../catalog-fixtures.js';
import { planWaves } from '../../src/plan/waves.js';
import { buildGraph } from '../../src/graph/build.js';
import { stackFile } from '../helpers.js';
import { sh } from '../servers.js';

type Obj = Record<string, any>;

const STACK = (replicated: boolean) => `
name: shop
services:
  api:
    image: ghcr.io/acme/api:1.0.0
    ports: { http: 8080 }
    uses: [warehouse]
infra:
  keeper: { type: clickhouse-keeper }
  warehouse: { type: clickhouse, database: events${replicated ? ', replicas: 2, options: { keeper: keeper }' : ''} }
environments:
  prod:
    profile: production
    namespace: shop
`;

const renderAll = (replicated: boolean) => renderStack(loadStack(stackFile(STACK(replicated))), { environment: 'prod', secrets: 'include', secretKey: Buffer.alloc(32, 7) });
const render = (replicated: boolean) => renderAll(replicated).objects as Obj[];
const rendered = renderAll(true);
const objects = rendered.objects as Obj[];
const find = (kind: string, name: string): Obj => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  assert.ok(o, `${kind}/${name} rendered`);
  return o;
};

/** A parsed XML element: name, attributes, children and text. */
interface El {
  name: string;
  attrs: Record<string, string>;
  children: El[];
  text: string;
}

function parse(xml: string): El {
  assert.equal(xmlProblem(xml).error, undefined, 'well-formed XML');
  const { SaxesParser } = createRequire(import.meta.url)('saxes') as typeof import('saxes');
  const parser = new SaxesParser();
  const root: El = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: El[] = [root];
  parser.on('opentag', (t) => {
    const el: El = { name: t.name, attrs: Object.fromEntries(Object.entries(t.attributes).map(([k, v]) => [k, String(v)])), children: [], text: '' };
    stack.at(-1)!.children.push(el);
    stack.push(el);
  });
  parser.on('text', (t) => {
    stack.at(-1)!.text += t.trim();
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  return root.children[0]!;
}
const child = (el: El, ...path: string[]): El => {
  let at = el;
  for (const name of path) {
    const next = at.children.find((c) => c.name === name);
    assert.ok(next, `<${name}> under <${at.name}>`);
    at = next;
  }
  return at;
};
const all = (el: El, name: string): El[] => el.children.filter((c) => c.name === name);
const text = (el: El, name: string): string => child(el, name).text;

test('Keeper: one keeper_config.xml lists every pod as a Raft member under its stable DNS name, ids from 1', () => {
  const xml = find('ConfigMap', 'keeper-config').data['keeper_config.xml'];
  const root = parse(xml);
  assert.equal(root.name, 'clickhouse');
  const server = child(root, 'keeper_server');
  assert.equal(text(server, 'tcp_port'), '9181');
  assert.deepEqual(child(server, 'server_id').attrs, { from_env: 'KEEPER_SERVER_ID' });
  assert.equal(text(server, 'log_storage_path'), '/var/lib/clickhouse/coordination/log');
  assert.equal(text(server, 'snapshot_storage_path'), '/var/lib/clickhouse/coordination/snapshots');
  const members = all(child(server, 'raft_configuration'), 'server').map((s) => [text(s, 'id'), text(s, 'hostname'), text(s, 'port')]);
  assert.deepEqual(members, [
    ['1', 'keeper-0.keeper-headless.shop.svc', '9234'],
    ['2', 'keeper-1.keeper-headless.shop.svc', '9234'],
    ['3', 'keeper-2.keeper-headless.shop.svc', '9234'],
  ]);
  // Console only: a <log> file would fill the data volume's neighbour, the log emptyDir.
  const logger = child(root, 'logger');
  assert.equal(text(logger, 'console'), '1');
  assert.equal(all(logger, 'log').length + all(logger, 'errorlog').length, 0);
  // The readiness probe asks the endpoint this file enables.
  const control = child(server, 'http_control');
  const keeper = find('StatefulSet', 'keeper').spec.template.spec.containers[0];
  const controlPort = keeper.ports.find((p: Obj) => p.name === keeper.readinessProbe.httpGet.port).containerPort;
  assert.equal(text(control, 'port'), String(controlPort));
  assert.equal(text(child(control, 'readiness'), 'endpoint'), keeper.readinessProbe.httpGet.path);
});

test("Keeper: each pod's start command gives it the server_id of its own Raft entry (ordinal + 1)", () => {
  const keeper = find('StatefulSet', 'keeper').spec.template.spec.containers[0];
  const [shell, flag, script = ""] = keeper.command as string[];
  assert.deepEqual([shell, flag], ['sh', '-c']);
  assert.match(script, /exec \/entrypoint\.sh$/, "then the image's own entrypoint");
  for (const [pod, id] of [['keeper-0', '1'], ['keeper-2', '3'], ['my-keeper-10', '11']] as const) {
    const r = sh(script.replace('exec /entrypoint.sh', 'echo "$KEEPER_SERVER_ID"'), { HOSTNAME: pod });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), id, pod);
  }
});

test('Keeper: a quorum of three in production, started in parallel, one pod at a time, reachable before Ready', () => {
  const sts = find('StatefulSet', 'keeper');
  assert.equal(sts.spec.replicas, 3);
  assert.equal(sts.spec.podManagementPolicy, 'Parallel');
  const pod = sts.spec.template.spec;
  assert.equal(pod.securityContext.runAsUser, 101, "the image's clickhouse user");
  assert.equal(pod.containers[0].securityContext.readOnlyRootFilesystem, true);
  const mounts = pod.containers[0].volumeMounts.map((m: Obj) => m.mountPath);
  for (const path of ['/var/lib/clickhouse', '/var/log/clickhouse-keeper', '/etc/clickhouse-keeper/keeper_config.xml']) assert.ok(mounts.includes(path), path);
  assert.equal(find('PodDisruptionBudget', 'keeper').spec.maxUnavailable, 1);
  const headless = find('Service', 'keeper-headless');
  assert.equal(headless.spec.publishNotReadyAddresses, true, 'members resolve each other before there is a leader');
  assert.ok(headless.spec.ports.some((p: Obj) => p.port === 9234));
  assert.deepEqual(
    find('Service', 'keeper').spec.ports.map((p: Obj) => p.port),
    [9181],
  );
});

test('ClickHouse with options.keeper: <zookeeper> is the Keeper pods, macros and the default cluster cover every replica', () => {
  const cm = find('ConfigMap', 'warehouse-config');
  const xml = cm.data['zz-slipway-replication.xml'];
  assert.equal(checkClickhouseFile('/etc/clickhouse-server/config.d/zz-slipway-replication.xml', xml), undefined);
  const root = parse(xml);
  const nodes = all(child(root, 'zookeeper'), 'node').map((n) => `${text(n, 'host')}:${text(n, 'port')}`);
  assert.deepEqual(nodes, ['keeper-0.keeper-headless.shop.svc:9181', 'keeper-1.keeper-headless.shop.svc:9181', 'keeper-2.keeper-headless.shop.svc:9181']);
  const macros = child(root, 'macros');
  assert.equal(text(macros, 'shard'), '1');
  assert.equal(text(macros, 'cluster'), 'default');
  assert.deepEqual(child(macros, 'replica').attrs, { from_env: 'CLICKHOUSE_REPLICA' });
  const cluster = child(root, 'remote_servers', 'default');
  assert.equal(cluster.attrs.replace, 'replace', "replaces the image's localhost-only default cluster");
  const shards = all(cluster, 'shard');
  assert.equal(shards.length, 1);
  assert.deepEqual(
    all(shards[0]!, 'replica').map((r) => text(r, 'host')),
    ['warehouse-0.warehouse-headless.shop.svc', 'warehouse-1.warehouse-headless.shop.svc'],
  );
  for (const r of all(shards[0]!, 'replica')) assert.deepEqual(child(r, 'password').attrs, { from_env: 'CLICKHOUSE_PASSWORD' }, 'the password stays in the env');
  const sts = find('StatefulSet', 'warehouse');
  const container = sts.spec.template.spec.containers[0];
  const mounted = container.volumeMounts.filter((m: Obj) => m.name === 'config').map((m: Obj) => m.subPath);
  assert.deepEqual(mounted.sort(), Object.keys(cm.data).sort(), 'every file of the ConfigMap is mounted into config.d');
  // {replica} and the interserver host: the pod's stable name, built from POD_NAME declared before it.
  const names = container.env.map((e: Obj) => e.name);
  assert.ok(names.indexOf('POD_NAME') < names.indexOf('CLICKHOUSE_REPLICA'));
  assert.equal(container.env.find((e: Obj) => e.name === 'CLICKHOUSE_REPLICA').value, '$(POD_NAME).warehouse-headless.shop.svc');
  assert.ok(find('Service', 'warehouse-headless').spec.ports.some((p: Obj) => p.port === 9009), 'replicas fetch parts on the interserver port');
  assert.equal(sts.spec.replicas, 2);
});

test('ClickHouse with options.keeper waits for a Keeper member with a leader, and the plan orders the Keeper first', () => {
  const init = find('StatefulSet', 'warehouse').spec.template.spec.initContainers as Obj[];
  assert.equal(init.length, 1);
  assert.equal(init[0]!.name, 'wait-keeper');
  assert.match(init[0]!.command[2], /echo ruok \| nc -w 2 'keeper\.shop\.svc' 9181 \| grep -q imok/);
  const steps = planWaves(rendered.objects, buildGraph(rendered.resolved)).flatMap((w) => w.steps);
  const warehouse = steps.find((s) => s.component === 'warehouse')!;
  assert.ok(warehouse.after?.includes('keeper'), 'up applies ClickHouse once the Keeper is Ready');
  assert.ok(steps.find((s) => s.component === 'keeper')!.wait);
  const np = find('NetworkPolicy', 'keeper');
  const fromClickhouse = np.spec.ingress.find((r: Obj) => r.from[0].podSelector.matchLabels['app.kubernetes.io/name'] === 'warehouse');
  assert.deepEqual(fromClickhouse.ports, [{ port: 9181, protocol: 'TCP' }]);
});

test('ClickHouse users get the same connection variables with and without replication', () => {
  const envOf = (objs: Obj[]) => objs.find((o) => o.kind === 'Deployment' && o.metadata.name === 'api')!.spec.template.spec.containers[0].env;
  assert.deepEqual(envOf(objects), envOf(render(false)));
  const single = render(false).find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'warehouse-config')!;
  assert.deepEqual(Object.keys(single.data), ['zz-slipway-logging.xml'], 'no replication file without a Keeper');
});

test('ClickHouse with options.keeper: init scripts are recorded once for the cluster (database and record ON CLUSTER, record replicated)', () => {
  const init = [{ name: 'schema', database: 'raw', text: 'SELECT 1', sha256: 'a'.repeat(64) }];
  const replicated = clickhouseInitScript(internalInfra('clickhouse', { options: { keeper: 'keeper' }, init }), CATALOG_CTX);
  assert.match(replicated, /CREATE DATABASE IF NOT EXISTS raw ON CLUSTER default/);
  assert.match(replicated, /CREATE TABLE IF NOT EXISTS raw\.slipway_init ON CLUSTER default .* ENGINE = ReplicatedReplacingMergeTree\(applied_at\)/);
  const single = clickhouseInitScript(internalInfra('clickhouse', { init }), CATALOG_CTX);
  assert.doesNotMatch(single, /ON CLUSTER|Replicated/);
});
