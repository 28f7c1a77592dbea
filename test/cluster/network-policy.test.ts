/**
 * Generated NetworkPolicies against live pods: after a real apply, every policy's pod selector, and every pod
 * peer of its rules, is evaluated by the API server (`kubectl get pods -l`) and must select exactly the pods of
 * the workloads the graph says, named here by the controllers that own them (not by labels, which are what is
 * under test); and every live pod is selected by a policy of its own that governs both directions.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderStack } from '../../src/commands/render.js';
import { toYaml } from '../../src/emit/yaml.js';
import { loadStack } from '../../src/load/load-stack.js';
import { stackFile } from '../helpers.js';
import { dropNamespace, kubectlOk, namespaceName, provideNodePools, serverSideApply, waitAllReady, writeTemp } from './kube.js';

const TEST_KEY = Buffer.alloc(32, 7);

/** Every pod kind a render contains: Deployments, StatefulSets (Kafka's three brokers), Jobs, a DaemonSet, a catalog Job. */
const STACK = `
name: shop
profile: production
services:
  web: {image: ghcr.io/acme/web:1.0.0, ports: {http: 3000}, ingress: {host: shop.example.com}, uses: [api]}
  api: {image: ghcr.io/acme/api:1.0.0, ports: {http: 8080}, uses: [{db: {database: orders}}, events]}
  migrate: {kind: job, image: ghcr.io/acme/migrate:1.0.0, uses: [db]}
  worker: {kind: worker, image: ghcr.io/acme/worker:1.0.0, uses: [migrate, events]}
  logs: {kind: agent, image: ghcr.io/acme/logs:1.0.0, uses: [{events: {wait: false}}]}
infra:
  db: {type: postgresql}
  events: {type: kafka}
`;

type Labels = Record<string, string>;
interface Peer {
  podSelector?: { matchLabels?: Labels };
  namespaceSelector?: unknown;
  ipBlock?: unknown;
}
interface Policy {
  metadata: { name: string };
  spec: { podSelector: { matchLabels?: Labels }; policyTypes: string[]; ingress?: { from?: Peer[] }[]; egress?: { to?: Peer[] }[] };
}
interface Owned {
  metadata: { name: string; ownerReferences?: { kind: string; name: string }[] };
}

/** Expected workloads per policy: what it selects, whom it accepts from, and whom it may send to (pod peers in this namespace). */
type Expectation = Record<string, { selects: string[]; from?: string[]; to?: string[] }>;

const SHOP: Expectation = {
  web: { selects: ['Deployment/web'], to: ['Deployment/api'] },
  api: { selects: ['Deployment/api'], from: ['Deployment/web'], to: ['StatefulSet/db', 'StatefulSet/events'] },
  db: { selects: ['StatefulSet/db'], from: ['Deployment/api', 'Job/db-provision', 'Job/migrate'] },
  'db-provision': { selects: ['Job/db-provision'], to: ['StatefulSet/db'] },
  events: { selects: ['StatefulSet/events'], from: ['DaemonSet/logs', 'Deployment/api', 'Deployment/worker', 'StatefulSet/events'], to: ['StatefulSet/events'] },
  migrate: { selects: ['Job/migrate'], to: ['StatefulSet/db'] },
  worker: { selects: ['Deployment/worker'], to: ['StatefulSet/events'] },
  logs: { selects: ['DaemonSet/logs'], to: ['StatefulSet/events'] },
};

/**
 * Seed 003: the backend takes traffic from the frontend and reaches PostgreSQL and the collector; its observability
 * (observability: block) adds the collector's OTLP from both traced services, Prometheus to what it scrapes (the
 * backend's /metrics, the collector's telemetry, PostgreSQL's exporter), Grafana to its datasources.
 */
const CLOUDLENS: Expectation = {
  backend: { selects: ['Deployment/backend'], from: ['Deployment/frontend', 'StatefulSet/prometheus'], to: ['StatefulSet/db', 'StatefulSet/otel-collector'] },
  frontend: { selects: ['Deployment/frontend'], to: ['Deployment/backend', 'StatefulSet/otel-collector'] },
  // Two collectors in production: their own peers on the headless Service's ports, as for every replicated entry.
  'otel-collector': {
    selects: ['StatefulSet/otel-collector'],
    from: ['Deployment/backend', 'Deployment/frontend', 'StatefulSet/otel-collector', 'StatefulSet/prometheus'],
    to: ['StatefulSet/otel-collector'],
  },
  db: { selects: ['StatefulSet/db'], from: ['Deployment/backend', 'Job/db-provision', 'StatefulSet/grafana', 'StatefulSet/prometheus'] },
  // The provisioning Job makes the exporter's monitoring user.
  'db-provision': { selects: ['Job/db-provision'], to: ['StatefulSet/db'] },
  prometheus: { selects: ['StatefulSet/prometheus'], from: ['StatefulSet/grafana'], to: ['Deployment/backend', 'Deployment/prometheus-kube-state-metrics', 'StatefulSet/db', 'StatefulSet/otel-collector'] },
  // The namespaced kube-state-metrics the prometheus entry runs: Prometheus alone comes in; out, only the API server.
  'prometheus-kube-state-metrics': { selects: ['Deployment/prometheus-kube-state-metrics'], from: ['StatefulSet/prometheus'] },
  grafana: { selects: ['StatefulSet/grafana'], to: ['StatefulSet/db', 'StatefulSet/prometheus'] },
};

function getJson<T>(args: string[]): T[] {
  return (JSON.parse(kubectlOk(['get', ...args, '-o', 'json'])) as { items: T[] }).items;
}

/** The workload that owns each pod, by the controllers' owner references: ReplicaSets lead to their Deployment. */
function workloads(ns: string): Map<string, string> {
  const rsOwner = new Map(getJson<Owned>(['replicasets', '-n', ns]).map((rs) => [rs.metadata.name, rs.metadata.ownerReferences?.[0]?.name ?? '']));
  const byPod = new Map<string, string>();
  for (const pod of getJson<Owned>(['pods', '-n', ns])) {
    const owner = pod.metadata.ownerReferences?.[0];
    assert.ok(owner, `pod ${pod.metadata.name} has no owner`);
    if (owner.kind === 'ReplicaSet') byPod.set(pod.metadata.name, `Deployment/${rsOwner.get(owner.name)}`);
    // Job names end in a hash of their pod template; the component is the rest.
    else if (owner.kind === 'Job') byPod.set(pod.metadata.name, `Job/${owner.name.replace(/-[0-9a-z]+$/, '')}`);
    else byPod.set(pod.metadata.name, `${owner.kind}/${owner.name}`);
  }
  return byPod;
}

/** Workloads of the live pods the API server matches to `matchLabels`. */
function selected(ns: string, matchLabels: Labels | undefined, owners: Map<string, string>): string[] {
  const selector = Object.entries(matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
  const pods = getJson<Owned>(['pods', '-n', ns, ...(selector ? ['-l', selector] : [])]);
  return [...new Set(pods.map((p) => owners.get(p.metadata.name) ?? `?${p.metadata.name}`))].sort();
}

function podPeers(peers: Peer[] | undefined): Peer[] {
  return (peers ?? []).filter((p) => p.podSelector && !p.namespaceSelector && !p.ipBlock);
}

function applyAndCheck(file: string, ns: string, environment: string | undefined, expected: Expectation): void {
  const result = renderStack(loadStack(file), { ...(environment ? { environment } : {}), namespace: ns, secrets: 'include', secretKey: TEST_KEY });
  provideNodePools(result.objects);
  const [namespace, ...rest] = result.objects;
  assert.equal(serverSideApply(writeTemp('ns.yaml', toYaml([namespace!]))).status, 0);
  const applied = serverSideApply(writeTemp('objects.yaml', toYaml(rest)));
  assert.equal(applied.status, 0, applied.stderr);
  waitAllReady(ns);
  // An autoscaled Deployment starts at one pod and its HorizontalPodAutoscaler raises it to minReplicas a moment
  // later: wait for that, so no pod appears between listing the owners and evaluating the selectors.
  for (const hpa of getJson<{ spec: { minReplicas?: number; scaleTargetRef: { kind: string; name: string } } }>(['horizontalpodautoscalers', '-n', ns])) {
    const target = `${hpa.spec.scaleTargetRef.kind.toLowerCase()}/${hpa.spec.scaleTargetRef.name}`;
    kubectlOk(['wait', target, '-n', ns, `--for=jsonpath={.status.readyReplicas}=${hpa.spec.minReplicas ?? 1}`, '--timeout=120s']);
  }

  const owners = workloads(ns);
  const policies = getJson<Policy>(['networkpolicies', '-n', ns]);
  const own = policies.filter((p) => p.metadata.name !== 'slipway-default-deny');
  assert.deepEqual(own.map((p) => p.metadata.name).sort(), Object.keys(expected).sort(), 'one policy per component and catalog Job');

  const deny = policies.find((p) => p.metadata.name === 'slipway-default-deny');
  assert.deepEqual(deny?.spec.policyTypes, ['Ingress', 'Egress']);
  assert.deepEqual(selected(ns, deny?.spec.podSelector.matchLabels, owners), [...new Set(owners.values())].sort(), 'the default-deny selects every pod');

  for (const p of own) {
    const want = expected[p.metadata.name]!;
    const name = p.metadata.name;
    assert.deepEqual(selected(ns, p.spec.podSelector.matchLabels, owners), want.selects, `${name} selects`);
    const from = (p.spec.ingress ?? []).flatMap((r) => podPeers(r.from)).flatMap((peer) => selected(ns, peer.podSelector?.matchLabels, owners));
    assert.deepEqual([...new Set(from)].sort(), [...(want.from ?? [])].sort(), `${name} accepts from`);
    const to = (p.spec.egress ?? []).flatMap((r) => podPeers(r.to)).flatMap((peer) => selected(ns, peer.podSelector?.matchLabels, owners));
    assert.deepEqual([...new Set(to)].sort(), [...(want.to ?? [])].sort(), `${name} sends to`);
    // Every peer selector selects some pod: none aims at labels nothing carries.
    for (const r of [...(p.spec.ingress ?? []).map((x) => x.from), ...(p.spec.egress ?? []).map((x) => x.to)]) {
      for (const peer of podPeers(r)) assert.ok(selected(ns, peer.podSelector?.matchLabels, owners).length > 0, `${name}: a peer selects no pod`);
    }
  }

  for (const [pod, workload] of owners) {
    const covering = own.filter((p) => selected(ns, p.spec.podSelector.matchLabels, owners).includes(workload));
    assert.ok(covering.some((p) => p.spec.policyTypes.includes('Ingress') && p.spec.policyTypes.includes('Egress')), `pod ${pod} (${workload}) has a policy of its own for both directions`);
  }
}

test('a purpose-built production stack: every policy and peer selects exactly the pods of its workloads', () => {
  const ns = namespaceName('netpol');
  try {
    applyAndCheck(stackFile(STACK), ns, undefined, SHOP);
  } finally {
    dropNamespace(ns);
  }
});

test('seed 003 (cloudlens prod): the policies the plan asks for fall out of the example, selecting live pods exactly', () => {
  const ns = namespaceName('netpol-cloudlens');
  try {
    applyAndCheck('examples/cloudlens/slipway.yaml', ns, 'prod', CLOUDLENS);
  } finally {
    dropNamespace(ns);
  }
});

/** observability.traces: the traced services reach the collector on OTLP and nothing else does; the collector reaches Loki. */
const TRACED = `
name: traced
profile: production
services:
  web: {image: ghcr.io/acme/web:1.0.0, ports: {http: 3000}, uses: [api]}
  api: {image: ghcr.io/acme/api:1.0.0, ports: {http: 8080}}
  quiet: {image: ghcr.io/acme/quiet:1.0.0, ports: {http: 8080}}
infra:
  otel: {type: otel-collector, options: {loki: logs}}
  logs: {type: loki}
observability:
  traces: {services: [web, api]}
`;

const TRACES: Expectation = {
  web: { selects: ['Deployment/web'], to: ['Deployment/api', 'StatefulSet/otel'] },
  api: { selects: ['Deployment/api'], from: ['Deployment/web'], to: ['StatefulSet/otel'] },
  quiet: { selects: ['Deployment/quiet'] },
  // Two replicas in production: the collector's own peers on its ports, as for every replicated entry.
  otel: { selects: ['StatefulSet/otel'], from: ['Deployment/api', 'Deployment/web', 'StatefulSet/otel'], to: ['StatefulSet/logs', 'StatefulSet/otel'] },
  logs: { selects: ['StatefulSet/logs'], from: ['StatefulSet/otel'] },
};

test('traced services (observability.traces) and the otel-collector and loki entries: OTLP to the collector from exactly the traced pods', () => {
  const ns = namespaceName('netpol-traces');
  try {
    applyAndCheck(stackFile(TRACED), ns, undefined, TRACES);
  } finally {
    dropNamespace(ns);
  }
});

test('slipway applies ingress rules with their peers (the client library drops a NetworkPolicy `from` it is handed as API JSON)', async () => {
  const { ClusterClient } = await import('../../src/cluster/client.js');
  const ns = namespaceName('np-from');
  kubectlOk(['create', 'namespace', ns]);
  try {
    const policy = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'db', namespace: ns },
      spec: {
        podSelector: { matchLabels: { app: 'db' } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 5432, protocol: 'TCP' }] }, { ports: [{ port: 9187, protocol: 'TCP' }] }],
      },
    };
    const client = ClusterClient.connect();
    const applied = await client.apply(policy);
    const live = JSON.parse(kubectlOk(['get', 'networkpolicy', 'db', '-n', ns, '-o', 'json']));
    // What slipway reads back is API JSON too (diff compares it with the render).
    const ingressOf = (o: unknown) => JSON.parse(JSON.stringify((o as typeof policy).spec.ingress));
    assert.deepEqual(ingressOf(applied), policy.spec.ingress);
    assert.deepEqual(ingressOf(await client.get({ apiVersion: policy.apiVersion, kind: policy.kind, namespace: ns, name: 'db' })), policy.spec.ingress);
    assert.deepEqual(ingressOf((await client.list(policy.apiVersion, policy.kind, ns))[0]), policy.spec.ingress);
    // Without its peers the first rule would admit every pod on 5432.
    assert.deepEqual(live.spec.ingress, policy.spec.ingress);
    await client.replace({ ...policy, metadata: { ...policy.metadata, resourceVersion: live.metadata.resourceVersion } });
    assert.deepEqual(JSON.parse(kubectlOk(['get', 'networkpolicy', 'db', '-n', ns, '-o', 'json'])).spec.ingress, policy.spec.ingress);
  } finally {
    dropNamespace(ns);
  }
});

/** The log agent (fluent-bit) in its own namespace ships to Loki and Kafka in the stack's: policies on both sides. */
const LOGGED = `
name: logged
profile: production
services:
  api: {image: ghcr.io/acme/api:1.0.0, ports: {http: 8080}}
infra:
  logs: {type: loki}
  events: {type: kafka}
  agent: {type: fluent-bit, options: {kafka: {entry: events, topic: app-logs}}}
observability:
  logs: {}
`;

test('log agent: its own namespace denies by default, the agent reaches Loki and Kafka across namespaces, and they admit exactly it', () => {
  const ns = namespaceName('netpol-logs');
  const agentNs = `${ns}-logs`;
  try {
    const result = renderStack(loadStack(stackFile(LOGGED)), { namespace: ns, secrets: 'include', secretKey: TEST_KEY });
    const namespaces = result.objects.filter((o) => o.kind === 'Namespace');
    assert.deepEqual(namespaces.map((n) => n.metadata.name), [ns, agentNs]);
    assert.equal(serverSideApply(writeTemp('ns.yaml', toYaml(namespaces))).status, 0);
    const applied = serverSideApply(writeTemp('objects.yaml', toYaml(result.objects.filter((o) => o.kind !== 'Namespace'))));
    assert.equal(applied.status, 0, applied.stderr);
    waitAllReady(ns);
    waitAllReady(agentNs);

    const owners = new Map([ns, agentNs].map((n) => [n, workloads(n)]));
    const label = (n: string) => (n === ns ? '' : 'logs-ns:');
    /** The workloads a peer selects, its namespace selector evaluated by the API server too. */
    const peerWorkloads = (peer: Peer, home: string): string[] => {
      const nsLabels = (peer.namespaceSelector as { matchLabels?: Labels } | undefined)?.matchLabels;
      const where = nsLabels
        ? getJson<{ metadata: { name: string } }>(['namespaces', '-l', Object.entries(nsLabels).map(([k, v]) => `${k}=${v}`).join(',')]).map((x) => x.metadata.name)
        : [home];
      return where.filter((n) => owners.has(n)).flatMap((n) => selected(n, peer.podSelector?.matchLabels, owners.get(n)!).map((w) => `${label(n)}${w}`));
    };
    const pods = (peers: Peer[] | undefined, home: string) => [...new Set((peers ?? []).filter((p) => p.podSelector).flatMap((p) => peerWorkloads(p, home)))].sort();

    const agentPolicies = getJson<Policy>(['networkpolicies', '-n', agentNs]);
    assert.deepEqual(agentPolicies.map((p) => p.metadata.name).sort(), ['agent', 'slipway-default-deny']);
    const deny = agentPolicies.find((p) => p.metadata.name === 'slipway-default-deny')!;
    assert.deepEqual(deny.spec.policyTypes, ['Ingress', 'Egress']);
    assert.deepEqual(selected(agentNs, deny.spec.podSelector.matchLabels, owners.get(agentNs)!), ['DaemonSet/agent']);
    const agent = agentPolicies.find((p) => p.metadata.name === 'agent')!;
    assert.deepEqual(selected(agentNs, agent.spec.podSelector.matchLabels, owners.get(agentNs)!), ['DaemonSet/agent']);
    assert.deepEqual(pods((agent.spec.egress ?? []).flatMap((r) => r.to ?? []), agentNs), ['StatefulSet/events', 'StatefulSet/logs'], 'the agent sends to Loki and Kafka');
    assert.deepEqual(pods((agent.spec.ingress ?? []).flatMap((r) => r.from ?? []), agentNs), [], 'nothing sends to the agent');

    const appPolicies = new Map(getJson<Policy>(['networkpolicies', '-n', ns]).map((p) => [p.metadata.name, p]));
    const from = (name: string) => pods((appPolicies.get(name)?.spec.ingress ?? []).flatMap((r) => r.from ?? []), ns);
    assert.deepEqual(from('logs'), ['logs-ns:DaemonSet/agent'], 'Loki admits the agent from its namespace');
    assert.ok(from('events').includes('logs-ns:DaemonSet/agent'), 'Kafka admits the agent from its namespace');
    assert.deepEqual(from('api'), [], 'no one else gets the agent in');
  } finally {
    dropNamespace(ns);
    dropNamespace(agentNs);
  }
});

/** observability.metrics in mode prometheus: the scraper reaches the api's metrics port and its kube-state-metrics, and only it gets in. */
const SCRAPED = `
name: scraped
profile: production
services:
  api: {image: ghcr.io/acme/api:1.0.0, ports: {http: 8080, metrics: 9100}}
  web: {image: ghcr.io/acme/web:1.0.0, ports: {http: 3000}, uses: [api]}
infra:
  prom: {type: prometheus}
observability:
  metrics: {mode: prometheus}
`;

const SCRAPING: Expectation = {
  api: { selects: ['Deployment/api'], from: ['Deployment/web', 'StatefulSet/prom'] },
  web: { selects: ['Deployment/web'], to: ['Deployment/api'] },
  prom: { selects: ['StatefulSet/prom'], to: ['Deployment/api', 'Deployment/prom-kube-state-metrics'] },
  // kube-state-metrics: Prometheus alone comes in; out, only the API server (no pod peer).
  'prom-kube-state-metrics': { selects: ['Deployment/prom-kube-state-metrics'], from: ['StatefulSet/prom'] },
};

test('mode prometheus: the scraper reaches its targets and the kube-state-metrics it runs, which only it reaches', () => {
  const ns = namespaceName('netpol-scrape');
  try {
    applyAndCheck(stackFile(SCRAPED), ns, undefined, SCRAPING);
  } finally {
    dropNamespace(ns);
  }
});

/**
 * Infra ingresses (catalog HTTP ports): the ingress controller's namespaces reach the collector's OTLP/HTTP port and
 * Grafana's UI, nothing else of them, and nothing of Prometheus, which has no ingress. The namespace selector is
 * evaluated by the API server against a namespace made for the test (and one that must not match), and each rule's
 * port is the container port the Ingress's Service port leads to on the live pods.
 */
test('infra ingresses: the ingress controller reaches exactly the HTTP port each Ingress routes to', () => {
  const ns = namespaceName('netpol-infra-ing');
  const controller = `${ns}-ctl`;
  const other = `${ns}-other`;
  kubectlOk(['create', 'namespace', controller]);
  kubectlOk(['label', 'namespace', controller, `slipway-test/ingress=${ns}`]);
  kubectlOk(['create', 'namespace', other]);
  const stack = `
name: obs
profile: production
network: { ingressControllers: { slipway-test/ingress: ${ns} } }
services:
  web: {image: ghcr.io/acme/web:1.0.0, ports: {http: 3000}}
infra:
  otel: {type: otel-collector, options: {cors: ["https://obs.example.com"]}, ingress: {host: otel.obs.example.com, tls: true}}
  grafana: {type: grafana, ingress: {host: grafana.obs.example.com, tls: true}}
  prom: {type: prometheus}
observability:
  metrics: {mode: prometheus}
  dashboards: {}
  traces: {services: [web]}
`;
  try {
    applyAndCheck(stackFile(stack), ns, undefined, {
      web: { selects: ['Deployment/web'], to: ['StatefulSet/otel'] },
      otel: { selects: ['StatefulSet/otel'], from: ['Deployment/web', 'StatefulSet/otel', 'StatefulSet/prom'], to: ['StatefulSet/otel'] },
      grafana: { selects: ['StatefulSet/grafana'], to: ['StatefulSet/prom'] },
      prom: { selects: ['StatefulSet/prom'], from: ['StatefulSet/grafana'], to: ['Deployment/prom-kube-state-metrics', 'StatefulSet/otel'] },
      'prom-kube-state-metrics': { selects: ['Deployment/prom-kube-state-metrics'], from: ['StatefulSet/prom'] },
    });
    interface PortRules {
      metadata: { name: string };
      spec: { ingress?: { from?: { namespaceSelector?: { matchLabels?: Labels } }[]; ports?: { port: number }[] }[] };
    }
    const policies = new Map(getJson<PortRules>(['networkpolicies', '-n', ns]).map((p) => [p.metadata.name, p]));
    const ingresses = getJson<{ metadata: { name: string }; spec: { rules: { http: { paths: { backend: { service: { name: string; port: { name: string } } } }[] } }[] } }>(['ingresses', '-n', ns]);
    assert.deepEqual(ingresses.map((i) => i.metadata.name).sort(), ['grafana', 'otel']);
    for (const ing of ingresses) {
      const backend = ing.spec.rules[0]!.http.paths[0]!.backend.service;
      // The Service the Ingress names exists with that port; its targetPort leads to a container port on the live pods.
      const svc = JSON.parse(kubectlOk(['get', 'service', backend.name, '-n', ns, '-o', 'json'])) as { spec: { selector: Labels; ports: { name: string; targetPort: string | number }[] } };
      const target = svc.spec.ports.find((p) => p.name === backend.port.name)?.targetPort;
      assert.ok(target !== undefined, `${ing.metadata.name}: Service port ${backend.port.name}`);
      const selector = Object.entries(svc.spec.selector).map(([k, v]) => `${k}=${v}`).join(',');
      const pods = getJson<{ spec: { containers: { ports?: { name?: string; containerPort: number }[] }[] } }>(['pods', '-n', ns, '-l', selector]);
      assert.ok(pods.length > 0);
      const containerPorts = new Set(pods.flatMap((p) => p.spec.containers.flatMap((c) => c.ports ?? [])).filter((p) => p.name === target || p.containerPort === target).map((p) => p.containerPort));
      assert.equal(containerPorts.size, 1, `${ing.metadata.name}: one container port behind ${backend.port.name}`);

      const fromController = (policies.get(ing.metadata.name)!.spec.ingress ?? []).filter((r) => (r.from ?? []).some((peer) => peer.namespaceSelector));
      assert.equal(fromController.length, 1, `${ing.metadata.name}: one rule for the controller`);
      const rule = fromController[0]!;
      assert.deepEqual((rule.ports ?? []).map((p) => p.port), [...containerPorts], `${ing.metadata.name}: the controller reaches that port only`);
      for (const peer of rule.from ?? []) {
        const labels = Object.entries(peer.namespaceSelector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
        const namespaces = getJson<{ metadata: { name: string } }>(['namespaces', '-l', labels]).map((n) => n.metadata.name);
        assert.deepEqual(namespaces, [controller], `${ing.metadata.name}: the selector matches the controller's namespace only`);
      }
    }
    // Prometheus has no ingress: no rule of its policy admits another namespace.
    assert.ok(!(policies.get('prom')!.spec.ingress ?? []).some((r) => (r.from ?? []).some((peer) => peer.namespaceSelector)));
  } finally {
    dropNamespace(ns);
    dropNamespace(controller);
    dropNamespace(other);
  }
});
