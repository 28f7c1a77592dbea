/**
 * What `replicas:` renders for the catalog's HA modes, through the whole pipeline in the production profile:
 * PostgreSQL as a CloudNativePG Cluster (the operator owns the pods' ServiceAccount and budgets, its pods are
 * reachable by the operator and reach the API server), Redis as a Sentinel set (spread, a budget, Sentinel-aware
 * connection data), and the plan waits for the Cluster like for a StatefulSet.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderStack } from '../../src/commands/render.js';
import { loadStack } from '../../src/load/load-stack.js';
import { planWaves } from '../../src/plan/waves.js';
import { buildGraph } from '../../src/graph/build.js';
import { stackFile } from '../helpers.js';

type Obj = Record<string, any>;

const STACK = `
name: ledger
services:
  api:
    image: ghcr.io/acme/ledger-api:2.1.0
    ports: { http: 8080 }
    uses:
      - db: { database: ledger_api }
      - cache
infra:
  db: { type: postgresql, replicas: 3, storage: 10Gi }
  cache: { type: redis, replicas: 3 }
environments:
  prod:
    profile: production
    namespace: ledger
`;

const rendered = renderStack(loadStack(stackFile(STACK)), { environment: 'prod', secrets: 'include', secretKey: Buffer.alloc(32, 7) });
const objects = rendered.objects as Obj[];
const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

test('PostgreSQL replicas: a Cluster; no StatefulSet, ServiceAccount or budget of slipway’s under the instance name', () => {
  const cluster = find('Cluster', 'db')!;
  assert.equal(cluster.apiVersion, 'postgresql.cnpg.io/v1');
  assert.equal(cluster.spec.instances, 3);
  assert.deepEqual(cluster.spec.storage, { size: '10Gi' });
  assert.equal(cluster.spec.imagePullPolicy, 'Always', 'the production profile pulls Always');
  assert.deepEqual(cluster.spec.inheritedMetadata.labels, { 'app.kubernetes.io/instance': 'ledger', 'app.kubernetes.io/name': 'db' });
  assert.equal(cluster.spec.affinity.podAntiAffinityType, 'required', 'production spreads the instances over nodes');
  for (const kind of ['StatefulSet', 'ServiceAccount', 'PodDisruptionBudget', 'Service']) assert.equal(find(kind, 'db'), undefined, `${kind}/db belongs to the operator`);
  // The provisioning Job runs under its own ServiceAccount, as the superuser, against the primary.
  const job = objects.find((o) => o.kind === 'Job' && o.metadata.name.startsWith('db-provision-'))!;
  assert.equal(job.spec.template.spec.serviceAccountName, 'db-provision');
  assert.ok(find('ServiceAccount', 'db-provision'));
  const env = Object.fromEntries(job.spec.template.spec.containers[0].env.map((e: Obj) => [e.name, e.value ?? e.valueFrom.secretKeyRef.name]));
  assert.equal(env.PGHOST, 'db-rw.ledger.svc');
  assert.equal(env.PGUSER, 'postgres');
  assert.equal(env.PGPASSWORD, 'db-superuser-credentials');
});

test('PostgreSQL replicas: credentials in the basic-auth shape CloudNativePG reads', () => {
  const app = find('Secret', 'db-credentials')!;
  const superuser = find('Secret', 'db-superuser-credentials')!;
  for (const s of [app, superuser]) assert.equal(s.type, 'kubernetes.io/basic-auth');
  const text = (s: Obj, k: string) => Buffer.from(s.data[k], 'base64').toString();
  assert.equal(text(app, 'username'), 'ledger');
  assert.equal(text(superuser, 'username'), 'postgres');
  assert.ok(text(app, 'password').length >= 32);
  assert.equal(find('Secret', 'db-ledger-api-credentials')!.type, 'Opaque');
});

test('PostgreSQL replicas: the network policy lets the operator in and the instance manager reach the API server', () => {
  const np = find('NetworkPolicy', 'db')!;
  const fromOperator = np.spec.ingress.find((r: Obj) => r.from[0].namespaceSelector);
  assert.deepEqual(fromOperator, {
    from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'cnpg-system' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'cloudnative-pg' } } }],
    ports: [
      { port: 8000, protocol: 'TCP' },
      { port: 5432, protocol: 'TCP' },
    ],
  });
  const users = np.spec.ingress.find((r: Obj) => r.from.some((f: Obj) => f.podSelector?.matchLabels['app.kubernetes.io/name'] === 'api'));
  assert.deepEqual(users.ports, [{ port: 5432, protocol: 'TCP' }]);
  assert.ok(np.spec.egress.some((r: Obj) => r.ports.some((p: Obj) => p.port === 443) && !r.to), 'egress to the API server');
});

test('the plan waits for the Cluster as the db component’s workload, before the api', () => {
  const waves = planWaves(rendered.objects, buildGraph(rendered.resolved));
  const step = waves.flatMap((w) => w.steps).find((s) => s.component === 'db')!;
  assert.ok(step.wait);
  assert.ok(step.objects.some((o) => o.kind === 'Cluster'));
  const api = waves.flatMap((w) => w.steps).find((s) => s.component === 'api')!;
  assert.ok(api.after?.includes('db'));
  assert.ok(!waves.at(-1)!.steps.some((s) => s.objects.some((o) => o.kind === 'Cluster')), 'not left for the routing wave');
});

test('Redis replicas: three pods with a Sentinel each, spread, a budget; users get the Sentinels and the master name', () => {
  const sts = find('StatefulSet', 'cache')!;
  assert.equal(sts.spec.replicas, 3);
  assert.deepEqual(
    sts.spec.template.spec.containers.map((c: Obj) => [c.name, c.ports.map((p: Obj) => p.containerPort)]),
    [
      ['redis', [6379]],
      ['sentinel', [26379]],
    ],
  );
  assert.ok(sts.spec.template.spec.affinity.podAntiAffinity, 'spread over nodes');
  assert.equal(find('PodDisruptionBudget', 'cache')!.spec.maxUnavailable, 1);
  const api = find('Deployment', 'api')!;
  const env = Object.fromEntries(api.spec.template.spec.containers[0].env.map((e: Obj) => [e.name, e.value]));
  assert.equal(env.REDIS_SENTINELS, 'cache-0.cache-headless.ledger.svc:26379,cache-1.cache-headless.ledger.svc:26379,cache-2.cache-headless.ledger.svc:26379');
  assert.equal(env.REDIS_SENTINEL_MASTER, 'cache');
  assert.equal(env.REDIS_HOST, 'cache.ledger.svc');
  assert.equal(env.REDIS_PORT, '26379');
  assert.match(env.REDIS_URL, /^redis\+sentinel:\/\/:\$\(REDIS_PASSWORD\)@cache-0\.cache-headless\.ledger\.svc:26379,.*\/cache\/0$/);
  const wait = api.spec.template.spec.initContainers.find((c: Obj) => c.name === 'wait-cache');
  assert.match(wait.command[2], /sentinel ckquorum 'cache'/);
});

test('PostgreSQL replicas: options.settings and sharedMemory reach the Cluster spec, never a command line; env is refused', () => {
  const withOptions = STACK.replace(
    'db: { type: postgresql, replicas: 3, storage: 10Gi }',
    'db: { type: postgresql, replicas: 3, storage: 10Gi, options: { settings: { work_mem: 64MB, jit: false }, sharedMemory: 1Gi } }',
  );
  const out = renderStack(loadStack(stackFile(withOptions)), { environment: 'prod', secrets: 'include', secretKey: Buffer.alloc(32, 7) }).objects as Obj[];
  const cluster = out.find((o) => o.kind === 'Cluster')!;
  assert.deepEqual(cluster.spec.postgresql, { parameters: { jit: 'off', work_mem: '64MB' } });
  assert.deepEqual(cluster.spec.ephemeralVolumesSizeLimit, { shm: '1Gi' });
  assert.equal(find('Cluster', 'db')!.spec.postgresql, undefined, 'no settings, no parameters block');
  const withEnv = STACK.replace('db: { type: postgresql, replicas: 3, storage: 10Gi }', 'db: { type: postgresql, replicas: 3, storage: 10Gi, env: { TZ: UTC } }');
  assert.throws(
    () => renderStack(loadStack(stackFile(withEnv)), { environment: 'prod' }),
    (e: Error & { diagnostics?: { code: string; message: string }[] }) => JSON.stringify(e.diagnostics ?? e.message).includes('runs no StatefulSet of slipway'),
  );
});
