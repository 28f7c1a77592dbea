/**
 * Pod and Service details on generated objects: pull policy and pull Secrets on every container slipway writes,
 * gRPC and header probes, shutdown (grace period, preStop), the Service type, the address key, and components
 * switched off per environment.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generate } from '../../src/generate/generate.js';
import { componentOf, type K8sObject } from '../../src/k8s/object.js';
import { parseStack } from '../../src/load/load-stack.js';
import { preflightNeeds } from '../../src/plan/preflight.js';
import { buildGraph } from '../../src/graph/build.js';
import { resolvedOf } from '../stacks.js';
import { diagnose } from '../helpers.js';

const STACK = `
name: shop
pullSecrets: [ghcr-pull]
services:
  api:
    image: ghcr.io/acme/api:1.0.0
    ports: {http: 8080, grpc: 9090}
    pullSecrets: [vendor-pull, ghcr-pull]
    uses: [{db: {database: orders}}, cache, migrate]
    health:
      liveness: {http: /healthz, headers: {Host: "api.\${namespace}.example.com", X-Probe: liveness}}
      readiness: {grpc: {service: orders.v1.Orders}, port: grpc}
      startup: {grpc: true}
    gracePeriod: 45
    preStop: {sleep: 10}
    expose: {type: NodePort, nodePorts: {http: 30080}, annotations: {example.com/team: orders}}
  web:
    image: ghcr.io/acme/web:1.0.0
    ports: {http: 3000}
    uses: [api]
    env: {API_GRPC: "\${services.api.address}"}
    preStop: {exec: [/bin/drain]}
  nightly: {kind: cron, image: ghcr.io/acme/nightly:1.0.0, schedule: "0 3 * * *", pullPolicy: IfNotPresent}
  migrate: {kind: job, image: ghcr.io/acme/migrate:1.0.0}
  loadgen: {kind: worker, image: ghcr.io/acme/loadgen:1.0.0, uses: [web]}
infra:
  db: {type: postgresql, image: registry.acme.internal/mirror/postgres:17.11}
  cache: {type: redis}
  search: {type: redis, enabled: false}
environments:
  dev: {}
  prod:
    profile: production
    services:
      loadgen: {enabled: false}
    infra:
      search: {enabled: true}
  prod-own-pull:
    profile: production
    pullSecrets: [prod-pull]
`;

const render = (env: string) => {
  const stack = resolvedOf(parseStack(STACK, 'slipway.yaml'), env);
  return { stack, objects: generate(stack).objects };
};

type Pod = { containers: Record<string, unknown>[]; initContainers?: Record<string, unknown>[]; imagePullSecrets?: { name: string }[]; terminationGracePeriodSeconds?: number };

function podsOf(objects: readonly K8sObject[]): { owner: string; pod: Pod }[] {
  return objects.flatMap((o) => {
    const spec = (o as { spec?: { template?: { spec: Pod }; jobTemplate?: { spec: { template: { spec: Pod } } } } }).spec;
    const pod = spec?.template?.spec ?? spec?.jobTemplate?.spec.template.spec;
    return pod ? [{ owner: `${o.kind}/${o.metadata.name}`, pod }] : [];
  });
}

const find = (objects: readonly K8sObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name.startsWith(name))!;
const podOf = (objects: readonly K8sObject[], kind: string, name: string) => podsOf([find(objects, kind, name)])[0]!.pod;

test('production: every container slipway writes pulls Always — services, waits, infra servers and catalog Jobs', () => {
  const { objects } = render('prod');
  const pods = podsOf(objects);
  const kinds = new Set(pods.map((p) => p.owner.split('/')[0]));
  assert.deepEqual([...kinds].sort(), ['CronJob', 'Deployment', 'Job', 'StatefulSet'], 'every pod-owning kind is covered');
  assert.ok(pods.some((p) => p.owner.startsWith('Job/db-provision')), 'the provisioning Job is among them');
  for (const { owner, pod } of pods) {
    for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
      const want = owner.startsWith('CronJob/nightly') ? 'IfNotPresent' : 'Always';
      assert.equal(c.imagePullPolicy, want, `${owner} container ${String(c.name)}`);
    }
  }
  assert.ok(pods.some((p) => (p.pod.initContainers ?? []).length > 0), 'wait init containers are covered');
});

test('other profiles leave the pull policy to Kubernetes', () => {
  for (const { owner, pod } of podsOf(render('dev').objects)) {
    for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
      assert.equal(c.imagePullPolicy, owner.startsWith('CronJob/nightly') ? 'IfNotPresent' : undefined, `${owner} ${String(c.name)}`);
    }
  }
});

/** The pull Secrets preflight asks for, each with the components whose pods pull with it (as up checks them). */
function pullSecretUsers(objects: readonly K8sObject[]): [string, string[]][] {
  const byRef = new Map(objects.map((o) => [`${o.kind}/${o.metadata.name}`, componentOf(o) ?? o.metadata.name]));
  return preflightNeeds({ namespace: 'shop', objects, generated: [] })
    .secrets.filter((s) => s.pull)
    .map((s) => [s.name, [...new Set(s.usedBy.map((r) => byRef.get(r)!))].sort()]);
}

test("pull Secrets: the stack's then the service's, each once; infra only for a mirror image; an environment replaces the list", () => {
  const { objects } = render('prod');
  assert.deepEqual(podOf(objects, 'Deployment', 'api').imagePullSecrets, [{ name: 'ghcr-pull' }, { name: 'vendor-pull' }]);
  assert.deepEqual(podOf(objects, 'Deployment', 'web').imagePullSecrets, [{ name: 'ghcr-pull' }]);
  assert.deepEqual(podOf(objects, 'StatefulSet', 'db').imagePullSecrets, [{ name: 'ghcr-pull' }], 'a mirror needs credentials');
  assert.deepEqual(podOf(objects, 'Job', 'db-provision').imagePullSecrets, [{ name: 'ghcr-pull' }], 'so does its provisioning Job');
  assert.equal(podOf(objects, 'StatefulSet', 'cache').imagePullSecrets, undefined, 'the official image needs none');
  assert.deepEqual(pullSecretUsers(objects), [
    ['ghcr-pull', ['api', 'db', 'migrate', 'nightly', 'web']],
    ['vendor-pull', ['api']],
  ]);
  const own = render('prod-own-pull');
  assert.deepEqual(podOf(own.objects, 'Deployment', 'web').imagePullSecrets, [{ name: 'prod-pull' }]);
  assert.deepEqual(
    pullSecretUsers(own.objects).map(([name, users]) => [name, users.join(',')]),
    [['ghcr-pull', 'api'], ['prod-pull', 'api,db,loadgen,migrate,nightly,web'], ['vendor-pull', 'api']],
    "api names ghcr-pull itself; everyone else had it from the stack's list, which prod-own-pull replaces",
  );
});

test('a Job name covers how it pulls: its pod template is immutable', () => {
  const job = (env: string) => find(render(env).objects, 'Job', 'migrate').metadata.name;
  const provision = (env: string) => find(render(env).objects, 'Job', 'db-provision').metadata.name;
  assert.notEqual(job('prod'), job('dev'));
  assert.notEqual(job('prod'), job('prod-own-pull'), 'other pull Secrets, another Job');
  assert.notEqual(provision('prod'), provision('prod-own-pull'));
  // The web pod waits for the Job under the name it really has.
  const { objects } = render('prod');
  const name = find(objects, 'Job', 'migrate').metadata.name;
  assert.ok(JSON.stringify(podOf(objects, 'Deployment', 'api').initContainers).includes(`job/${name}`));
});

test('probes: native gRPC on the container port number, HTTP headers with interpolation', () => {
  const api = podOf(render('prod').objects, 'Deployment', 'api').containers[0] as Record<string, Record<string, unknown>>;
  assert.deepEqual(api.readinessProbe!.grpc, { port: 9090, service: 'orders.v1.Orders' });
  assert.deepEqual(api.startupProbe!.grpc, { port: 8080 }, 'the first port when unsaid, as a number');
  assert.deepEqual(api.livenessProbe!.httpGet, {
    httpHeaders: [
      { name: 'Host', value: 'api.shop-prod.example.com' },
      { name: 'X-Probe', value: 'liveness' },
    ],
    path: '/healthz',
    port: 'http',
  });
});

test('shutdown: the grace period on the pod, preStop as the native sleep action or a command', () => {
  const { objects } = render('prod');
  const api = podOf(objects, 'Deployment', 'api');
  assert.equal(api.terminationGracePeriodSeconds, 45);
  assert.deepEqual(api.containers[0]!.lifecycle, { preStop: { sleep: { seconds: 10 } } });
  const web = podOf(objects, 'Deployment', 'web');
  assert.equal(web.terminationGracePeriodSeconds, undefined, "Kubernetes' 30 s unless set");
  assert.deepEqual(web.containers[0]!.lifecycle, { preStop: { exec: { command: ['/bin/drain'] } } });
});

test('expose: Service type, annotations and fixed node ports; other Services stay ClusterIP', () => {
  const { objects } = render('prod');
  const api = find(objects, 'Service', 'api') as K8sObject & { spec: { type: string; ports: { name: string; nodePort?: number }[] } };
  assert.equal(api.spec.type, 'NodePort');
  assert.deepEqual(api.metadata.annotations, { 'example.com/team': 'orders' });
  assert.deepEqual(api.spec.ports.map((p) => [p.name, p.nodePort]), [['http', 30080], ['grpc', undefined]]);
  const web = find(objects, 'Service', 'web') as K8sObject & { spec: { type: string } };
  assert.equal(web.spec.type, 'ClusterIP');
  assert.equal(web.metadata.annotations, undefined);
});

test('a used service offers address (host:port) as <SERVICE>_ADDRESS and ${services.x.address}', () => {
  const web = render('prod').stack.services.find((s) => s.name === 'web')!;
  const env = Object.fromEntries(web.env.map((e) => [e.name, 'value' in e ? e.value : '']));
  assert.equal(env.API_ADDRESS, 'api.shop-prod.svc:8080');
  assert.equal(env.API_URL, 'http://api.shop-prod.svc:8080');
  assert.equal(env.API_GRPC, 'api.shop-prod.svc:8080');
});

test('enabled: false removes a component from one environment: no objects, not in the graph', () => {
  const names = (env: string) => {
    const { stack, objects } = render(env);
    return { objects: new Set(objects.map((o) => o.metadata.name)), graph: buildGraph(stack).nodes.map((n) => n.name) };
  };
  const dev = names('dev');
  const prod = names('prod');
  assert.ok(dev.objects.has('loadgen') && dev.graph.includes('loadgen'), 'loadgen runs in dev');
  assert.ok(!dev.objects.has('search') && !dev.graph.includes('search'), 'search is off in the base stack');
  assert.ok(!prod.objects.has('loadgen') && !prod.graph.includes('loadgen'), 'loadgen is off in prod');
  assert.ok(prod.objects.has('search') && prod.graph.includes('search'), 'prod switches search on');
  assert.ok(![...prod.objects].some((n) => n.startsWith('loadgen')), 'nothing of loadgen is rendered');
});

test('rules check what an environment renders: a disabled component is left out, a reference to it says why', () => {
  const clash = `
name: shop
services:
  web: {image: ghcr.io/acme/web:1.0.0, ports: {http: 8080}, ingress: {host: shop.example.com}}
  legacy: {image: ghcr.io/acme/legacy:1.0.0, ports: {http: 8080}, ingress: {host: shop.example.com}, enabled: false}
environments:
  prod: {}
  dev:
    services:
      legacy: {enabled: true}
`;
  assert.deepEqual(diagnose(clash).map((d) => `${d.code} ${d.environment}`), ['ingress-clash dev'], 'only dev renders both');
  const reference = `
name: shop
services:
  web: {image: ghcr.io/acme/web:1.0.0, ports: {http: 8080}, env: {LEGACY: "\${services.legacy.address}"}}
  legacy: {image: ghcr.io/acme/legacy:1.0.0, ports: {http: 8080}, enabled: false}
`;
  const [d] = diagnose(reference);
  assert.equal(d?.code, 'unknown-reference');
  assert.match(d!.hint!, /"legacy" is disabled in environment "default"/);
  assert.equal(`${d!.line}:${d!.col}`, '4:75', 'at the value that refers to it');
});
