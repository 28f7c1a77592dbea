/**
 * The fluent-bit log agent through the CLI's render: its privileged namespace beside the restricted app namespace,
 * the hardened DaemonSet, the generated configuration (read back as YAML: no Fluent Bit binary runs here, so the
 * file is checked structurally), the Role on the app's pods, the NetworkPolicies across the two namespaces, the note
 * on stderr, and the refusals of bad options.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { extraNamespaces, privilegedNamespaceNotes, stackNamespaces } from '../../src/plan/namespace.js';
import { rollbackProblems } from '../../src/plan/rollback-guard.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { slipway, stackFile } from '../helpers.js';

type Obj = Record<string, any>;

const STACK = `name: shop
services:
  api:
    image: acme/api:1
    ports: { http: 8080 }
infra:
  logs: { type: loki }
  events: { type: kafka }
  agent: { type: fluent-bit, options: { kafka: { entry: events, topic: app-logs } } }
observability:
  logs: {}
environments:
  prod: { profile: production }
  dev: { profile: minimal }
`;

function render(text: string, env = 'prod'): { objects: Obj[]; stderr: string } {
  const r = slipway(['render', stackFile(text), '-e', env]);
  assert.equal(r.status, 0, r.stderr);
  return { objects: parseAllDocuments(r.stdout).map((d) => d.toJS() as Obj).filter(Boolean), stderr: r.stderr };
}

const { objects, stderr } = render(STACK);
const find = (kind: string, name: string, namespace?: string): Obj => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name && (namespace === undefined || x.metadata.namespace === namespace));
  assert.ok(o, `${kind} ${namespace ?? ''}/${name}`);
  return o;
};
const configOf = (all: Obj[]): Obj => {
  const cm = all.find((o) => o.kind === 'ConfigMap' && o.metadata.namespace === 'shop-prod-logs' && o.data?.['fluent-bit.yaml']);
  assert.ok(cm, 'the generated configuration');
  return parse(cm.data['fluent-bit.yaml']) as Obj;
};

describe('fluent-bit: namespaces', () => {
  it('runs the agent in <namespace>-logs at privileged, auditing and warning at baseline, owned by slipway', () => {
    const ns = find('Namespace', 'shop-prod-logs');
    assert.equal(ns.metadata.labels['pod-security.kubernetes.io/enforce'], 'privileged');
    assert.equal(ns.metadata.labels['pod-security.kubernetes.io/audit'], 'baseline');
    assert.equal(ns.metadata.labels['pod-security.kubernetes.io/warn'], 'baseline');
    assert.equal(ns.metadata.labels['app.kubernetes.io/managed-by'], 'slipway');
    assert.equal(ns.metadata.labels['app.kubernetes.io/part-of'], 'shop');
  });

  it('keeps the app namespace restricted and every app object in it', () => {
    assert.equal(find('Namespace', 'shop-prod').metadata.labels['pod-security.kubernetes.io/enforce'], 'restricted');
    for (const o of objects.filter((x) => x.metadata.namespace === 'shop-prod-logs')) assert.ok(['DaemonSet', 'ConfigMap', 'ServiceAccount', 'NetworkPolicy'].includes(o.kind), `${o.kind} ${o.metadata.name}`);
    assert.equal(find('Deployment', 'api').metadata.namespace, 'shop-prod');
  });

  it('says once on stderr why the agent namespace is privileged', () => {
    assert.match(stderr, /note: the log agent agent runs in namespace shop-prod-logs at the privileged Pod Security level because it reads node log files through hostPath; namespace shop-prod stays restricted\n/);
    assert.equal(stderr.match(/privileged/g)?.length, 1);
  });

  it('takes another namespace from options.namespace', () => {
    const other = render(STACK.replace('topic: app-logs } }', 'topic: app-logs }, namespace: node-logs }')).objects;
    assert.ok(other.some((o) => o.kind === 'Namespace' && o.metadata.name === 'node-logs'));
    assert.equal(other.find((o) => o.kind === 'DaemonSet')?.metadata.namespace, 'node-logs');
    assert.ok(!other.some((o) => o.metadata.name === 'shop-prod-logs' || o.metadata.namespace === 'shop-prod-logs'));
  });
});

describe('fluent-bit: the DaemonSet', () => {
  const ds = find('DaemonSet', 'agent', 'shop-prod-logs');
  const pod = ds.spec.template.spec;
  const [container] = pod.containers;

  it('runs as root without privilege: read-only root, no capabilities, no escalation, seccomp, no host namespaces', () => {
    assert.deepEqual(container.securityContext, {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: 0,
      runAsNonRoot: false,
      runAsUser: 0,
    });
    assert.deepEqual(pod.securityContext.seccompProfile, { type: 'RuntimeDefault' });
    for (const k of ['hostNetwork', 'hostPID', 'hostIPC']) assert.equal(pod[k], undefined, k);
    assert.equal(container.ports.some((p: Obj) => p.hostPort !== undefined), false);
    assert.equal(pod.serviceAccountName, 'agent');
    assert.equal(pod.automountServiceAccountToken, true);
    assert.equal(container.image, 'fluent/fluent-bit:5.1.1');
  });

  it('mounts the node logs read-only and only its own state directory writable', () => {
    const volumes = new Map(pod.volumes.map((v: Obj) => [v.name, v]));
    const mounts = new Map(container.volumeMounts.map((m: Obj) => [m.name, m]));
    assert.deepEqual((volumes.get('pod-logs') as Obj).hostPath, { path: '/var/log/pods' });
    assert.deepEqual((volumes.get('container-logs') as Obj).hostPath, { path: '/var/log/containers' });
    assert.deepEqual((volumes.get('state') as Obj).hostPath, { path: '/var/lib/slipway-fluent-bit/shop-prod-logs', type: 'DirectoryOrCreate' });
    assert.equal((mounts.get('pod-logs') as Obj).readOnly, true);
    assert.equal((mounts.get('container-logs') as Obj).readOnly, true);
    const writable = [...mounts.values()].filter((m: any) => !m.readOnly).map((m: any) => m.name);
    assert.deepEqual(writable, ['state']);
  });

  it('probes /api/v1/health on 2020 and runs the generated file', () => {
    assert.equal(container.readinessProbe.httpGet.path, '/api/v1/health');
    assert.equal(container.startupProbe.httpGet.path, '/api/v1/health');
    assert.deepEqual(container.ports, [{ containerPort: 2020, name: 'http', protocol: 'TCP' }]);
    assert.deepEqual(container.args, ['-c', '/fluent-bit/etc/slipway/fluent-bit.yaml']);
  });
});

describe('fluent-bit: configuration', () => {
  const config = configOf(objects);

  it('tails only the app namespace and enables the health endpoint', () => {
    assert.equal(config.pipeline.inputs.length, 1);
    const [tail] = config.pipeline.inputs;
    assert.equal(tail.name, 'tail');
    assert.equal(tail.path, '/var/log/containers/*_shop-prod_*.log');
    assert.equal(tail.db, '/fluent-bit/state/tail.db');
    assert.equal(config.service.health_check, 'on');
    assert.equal(config.service.http_port, 2020);
  });

  it('adds pod metadata from the API server, never the kubelet', () => {
    const [filter] = config.pipeline.filters;
    assert.equal(filter.name, 'kubernetes');
    assert.equal(filter.use_kubelet, 'off');
    assert.equal(filter.namespace_labels, 'off');
    assert.equal(filter.kube_tag_prefix, 'kube.var.log.containers.');
    assert.equal(config.pipeline.inputs[0].tag, 'kube.*');
  });

  it('ships to Loki with namespace, component, pod and container labels, and to the Kafka topic', () => {
    const outputs = new Map(config.pipeline.outputs.map((o: Obj) => [o.name, o]));
    assert.deepEqual([...outputs.keys()], ['loki', 'kafka']);
    const loki = outputs.get('loki') as Obj;
    assert.equal(loki.host, 'logs.shop-prod.svc');
    assert.equal(loki.port, 3100);
    assert.equal(loki.labels, "namespace=$kubernetes['namespace_name'], component=$kubernetes['labels']['app.kubernetes.io/name'], pod=$kubernetes['pod_name'], container=$kubernetes['container_name']");
    const kafka = outputs.get('kafka') as Obj;
    assert.equal(kafka.topics, 'app-logs');
    assert.equal(kafka.brokers, '${KAFKA_BROKERS}');
    const env = find('DaemonSet', 'agent', 'shop-prod-logs').spec.template.spec.containers[0].env;
    assert.deepEqual(env, [{ name: 'KAFKA_BROKERS', value: [0, 1, 2].map((i) => `events-${i}.events-headless.shop-prod.svc:9092`).join(',') }]);
    assert.equal(kafka['rdkafka.security.protocol'], undefined);
  });

  it('points at an external Loki and a TLS Kafka by their connections', () => {
    const external = STACK.replace('logs: { type: loki }', 'logs: { type: loki, mode: external, external: { host: loki.example.com, port: 443, tls: true } }').replace(
      'events: { type: kafka }',
      'events: { type: kafka, mode: external, external: { brokers: [k1.example.com:9093, k2.example.com:9093], tls: true } }',
    );
    const all = render(external).objects;
    const outputs = new Map(configOf(all).pipeline.outputs.map((o: Obj) => [o.name, o]));
    assert.deepEqual([(outputs.get('loki') as Obj).host, (outputs.get('loki') as Obj).port, (outputs.get('loki') as Obj).tls], ['loki.example.com', 443, 'on']);
    assert.equal(all.find((o) => o.kind === 'DaemonSet')?.spec.template.spec.containers[0].env[0].value, 'k1.example.com:9093,k2.example.com:9093');
    assert.equal((outputs.get('kafka') as Obj)['rdkafka.security.protocol'], 'ssl');
  });

  it('has no output the stack did not ask for', () => {
    const lokiOnly = STACK.replace(', options: { kafka: { entry: events, topic: app-logs } }', '');
    assert.deepEqual(configOf(render(lokiOnly).objects).pipeline.outputs.map((o: Obj) => o.name), ['loki']);
  });

  it("gives way to the stack's own fluent-bit.conf", () => {
    const own = STACK.replace("topic: app-logs } }", "topic: app-logs } }, files: { fluent-bit.conf: \"[SERVICE]\\n    HTTP_Server On\\n\" }");
    const all = render(own).objects;
    assert.ok(!all.some((o) => o.kind === 'ConfigMap' && o.data?.['fluent-bit.yaml']));
    const ds = all.find((o) => o.kind === 'DaemonSet');
    assert.deepEqual(ds?.spec.template.spec.containers[0].args, ['-c', '/fluent-bit/etc/fluent-bit.conf']);
    assert.ok(all.some((o) => o.kind === 'ConfigMap' && o.metadata.namespace === 'shop-prod-logs' && o.metadata.name === 'agent-files'));
  });
});

describe('fluent-bit: access and traffic', () => {
  it("reads the app namespace's pods through a Role there bound to the agent's ServiceAccount", () => {
    const role = find('Role', 'agent-read-pods', 'shop-prod');
    assert.deepEqual(role.rules, [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]);
    const binding = find('RoleBinding', 'agent-read-pods', 'shop-prod');
    assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'agent', namespace: 'shop-prod-logs' }]);
    find('ServiceAccount', 'agent', 'shop-prod-logs');
    assert.ok(!objects.some((o) => o.kind === 'ServiceAccount' && o.metadata.name === 'agent' && o.metadata.namespace === 'shop-prod'));
    assert.ok(!objects.some((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding' || o.kind === 'PriorityClass'));
  });

  it('denies by default in the agent namespace and lets the agent reach DNS, the API server, Loki and Kafka', () => {
    assert.deepEqual(find('NetworkPolicy', 'slipway-default-deny', 'shop-prod-logs').spec.podSelector, {});
    const policy = find('NetworkPolicy', 'agent', 'shop-prod-logs');
    const egress = policy.spec.egress as Obj[];
    const app = { 'kubernetes.io/metadata.name': 'shop-prod' };
    const toLoki = egress.find((r) => r.to?.[0]?.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'logs');
    assert.deepEqual(toLoki?.to[0].namespaceSelector, { matchLabels: app });
    assert.deepEqual(toLoki?.ports, [{ port: 3100, protocol: 'TCP' }]);
    const toKafka = egress.find((r) => r.to?.[0]?.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'events');
    assert.deepEqual(toKafka?.to[0].namespaceSelector, { matchLabels: app });
    assert.ok(egress.some((r) => r.ports?.some((p: Obj) => p.port === 6443) && r.to === undefined), 'the API server');
    assert.ok(egress.some((r) => r.ports?.some((p: Obj) => p.port === 53)), 'DNS');
    assert.equal(policy.spec.ingress, undefined);
  });

  it("admits the agent's pods from its namespace into Loki's and Kafka's", () => {
    const peer = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop-prod-logs' } }, podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/name': 'agent' } } };
    for (const target of ['logs', 'events']) {
      const ingress = find('NetworkPolicy', target, 'shop-prod').spec.ingress as Obj[];
      assert.ok(ingress.some((r) => r.from?.some((f: Obj) => JSON.stringify(f) === JSON.stringify(peer))), `${target} admits the agent`);
    }
  });
});

describe('fluent-bit: refusals', () => {
  const refused = (text: string, message: RegExp) => {
    const r = slipway(['validate', stackFile(text)]);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, message);
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace');
  };

  it('refuses a kafka entry that does not exist, at the option, with the kafka entries as hint', () => {
    refused(STACK.replace('entry: events', 'entry: evnts'), /:9:5\d: .*no infra entry "evnts" in this stack[\s\S]*kafka entries here: events/);
  });

  it('refuses a kafka entry of another type', () => {
    refused(STACK.replace('entry: events', 'entry: logs'), /"logs" is a loki, not a kafka/);
  });

  it('refuses an external agent', () => {
    refused(STACK.replace('agent: { type: fluent-bit,', 'agent: { type: fluent-bit, mode: external, external: { host: x.example.com },'), /fluent-bit cannot be external/);
  });

  it('refuses a topic Kafka would not take and an unknown option', () => {
    refused(STACK.replace('topic: app-logs', 'topic: "app logs"'), /topic/);
    refused(STACK.replace('topic: app-logs } }', 'topic: app-logs }, loki: x }'), /loki/);
  });
});

describe('the stack namespaces lifecycle commands look at', () => {
  const ns = (name: string, labels: Record<string, string> = {}): K8sObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
  const owner = { stack: 'shop', environment: 'prod', namespace: 'shop-prod' };
  const rendered = objects as unknown as K8sObject[];

  it('are the stack namespace, then the render\'s other Namespace objects, never a system one', () => {
    assert.deepEqual(extraNamespaces([ns('shop-prod'), ns('b-logs'), ns('a-logs'), ns('kube-system'), ns('a-logs')], owner), ['a-logs', 'b-logs']);
    assert.deepEqual(stackNamespaces(rendered, owner), ['shop-prod', 'shop-prod-logs']);
  });

  it('note only a privileged one', () => {
    assert.deepEqual(privilegedNamespaceNotes([ns('shop-prod'), ns('other', { 'pod-security.kubernetes.io/enforce': 'baseline' })], owner), []);
    assert.equal(privilegedNamespaceNotes(rendered, owner).length, 1);
  });

  it('bound what a rollback may apply: the agent namespace of the render, not another one', () => {
    assert.deepEqual(rollbackProblems(rendered, owner, rendered), []);
    const moved = rendered.map((o) => (o.metadata.namespace === 'shop-prod-logs' ? { ...o, metadata: { ...o.metadata, namespace: 'kube-system' } } : o));
    assert.ok(rollbackProblems(moved, owner, rendered).some((p) => p.startsWith('DaemonSet/kube-system/agent: outside')));
    assert.ok(rollbackProblems([ns('elsewhere')], owner, rendered).some((p) => p.includes('not a namespace of the stack')));
  });
});
