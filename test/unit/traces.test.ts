/**
 * observability.traces end to end through the CLI's render: the OTEL_* environment of traced services, the
 * otel-collector and loki entries' configuration, and the NetworkPolicies between traced services and the collector.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { attributeValue } from '../../src/generate/pod/otel-env.js';
import { goMemLimit } from '../../src/catalog/otel-collector.js';
import { slipway, stackFile } from '../helpers.js';

type Obj = Record<string, any>;

const STACK = `name: shop
tenants: [acme]
services:
  api:
    image: acme/api:1
    ports: { http: 8080 }
    env: { OTEL_SERVICE_NAME: storefront }
  web:
    image: acme/web:1
    ports: { http: 3000 }
    uses: [api]
  worker:
    image: acme/worker:1
    perTenant: true
  untraced:
    image: acme/other:1
    ports: { http: 8080 }
infra:
  otel: { type: otel-collector, options: { loki: logs, prometheus: true, cors: ["https://shop.example.com"] } }
  logs: { type: loki, options: { retention: 30d } }
observability:
  traces: { services: [api, web, worker] }
environments:
  prod: { profile: production }
`;

function render(text: string, env = 'prod'): Obj[] {
  const r = slipway(['render', stackFile(text), '-e', env]);
  assert.equal(r.status, 0, r.stderr);
  return parseAllDocuments(r.stdout).map((d) => d.toJS() as Obj).filter(Boolean);
}

const objects = render(STACK);
const find = (kind: string, name: string): Obj => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  assert.ok(o, `${kind} ${name}`);
  return o;
};
const envOf = (kind: string, name: string): Map<string, Obj> => new Map(find(kind, name).spec.template.spec.containers[0].env.map((e: Obj) => [e.name, e]));

describe('OTEL_* environment of traced services', () => {
  it('points at the collector over OTLP/gRPC with the stack, environment and pod as resource attributes', () => {
    const env = envOf('Deployment', 'web');
    assert.equal(env.get('OTEL_EXPORTER_OTLP_ENDPOINT')?.value, 'http://otel.shop-prod.svc:4317');
    assert.equal(env.get('OTEL_EXPORTER_OTLP_PROTOCOL')?.value, 'grpc');
    assert.equal(env.get('OTEL_SERVICE_NAME')?.value, 'web');
    assert.deepEqual(env.get('SLIPWAY_POD_NAME')?.valueFrom, { fieldRef: { fieldPath: 'metadata.name' } });
    assert.equal(
      env.get('OTEL_RESOURCE_ATTRIBUTES')?.value,
      'service.namespace=shop,deployment.environment.name=prod,deployment.environment=prod,k8s.namespace.name=shop-prod,k8s.pod.name=$(SLIPWAY_POD_NAME)',
    );
    // $(VAR) expands only names defined earlier in the list.
    const names = [...env.keys()];
    assert.ok(names.indexOf('SLIPWAY_POD_NAME') < names.indexOf('OTEL_RESOURCE_ATTRIBUTES'));
  });

  it("leaves a variable the service sets itself alone (once, with the service's value)", () => {
    const env = find('Deployment', 'api').spec.template.spec.containers[0].env as Obj[];
    assert.deepEqual(
      env.filter((e) => e.name === 'OTEL_SERVICE_NAME'),
      [{ name: 'OTEL_SERVICE_NAME', value: 'storefront' }],
    );
    assert.ok(env.some((e) => e.name === 'OTEL_EXPORTER_OTLP_ENDPOINT'));
  });

  it('names tenant copies after the service and tells them apart by attribute', () => {
    const env = envOf('Deployment', 'worker-acme');
    assert.equal(env.get('OTEL_SERVICE_NAME')?.value, 'worker');
    assert.match(env.get('OTEL_RESOURCE_ATTRIBUTES')?.value, /,slipway\.tenant=acme,k8s\.pod\.name=/);
  });

  it('gives services that did not opt in nothing', () => {
    const env = find('Deployment', 'untraced').spec.template.spec.containers[0].env as Obj[] | undefined;
    assert.ok(!(env ?? []).some((e) => e.name.startsWith('OTEL_')));
    // Tracing never blocks start-up: no wait for the collector.
    assert.equal(find('Deployment', 'web').spec.template.spec.initContainers?.some((c: Obj) => c.name === 'wait-otel'), false);
  });

  it('percent-encodes attribute values outside the baggage octets, and doubles $ for Kubernetes', () => {
    assert.equal(attributeValue('eu west,1;"x"=%\\é'), 'eu%20west%2C1%3B%22x%22%3D%25%5C%C3%A9');
    assert.equal(attributeValue('a$(B)'), 'a$$(B)');
    assert.equal(attributeValue('prod-1.eu_x:y/z'), 'prod-1.eu_x:y/z');
  });
});

describe('NetworkPolicies of traced services (prod)', () => {
  const collector = find('NetworkPolicy', 'otel').spec;
  const selects = (peer: Obj, name: string) => peer.podSelector?.matchLabels?.['app.kubernetes.io/name'] === name;

  it('lets every traced service, and only those, into the collector on the OTLP/gRPC port', () => {
    const rule = collector.ingress.find((r: Obj) => r.from.some((p: Obj) => selects(p, 'web')));
    assert.deepEqual(rule.ports, [{ port: 4317, protocol: 'TCP' }]);
    assert.deepEqual(rule.from.map((p: Obj) => p.podSelector.matchLabels['app.kubernetes.io/name']).sort(), ['api', 'web', 'worker-acme']);
    assert.ok(!collector.ingress.some((r: Obj) => r.from.some((p: Obj) => selects(p, 'untraced'))));
  });

  it('lets a traced service out to the collector, and an untraced one not', () => {
    const out = (name: string) => find('NetworkPolicy', name).spec.egress.filter((r: Obj) => r.to?.some((p: Obj) => selects(p, 'otel')));
    assert.deepEqual(out('web').map((r: Obj) => r.ports), [[{ port: 4317, protocol: 'TCP' }]]);
    assert.deepEqual(out('worker-acme').length, 1);
    assert.deepEqual(out('untraced'), []);
  });
});

describe('otel-collector entry', () => {
  const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('otel-config-'));
  const config = parse(cm?.data['config.yaml'] ?? '') as Obj;
  const sts = find('StatefulSet', 'otel');
  const server = sts.spec.template.spec.containers[0];

  it('listens on every interface and sends logs to the Loki entry over OTLP/HTTP', () => {
    assert.equal(config.receivers.otlp.protocols.grpc.endpoint, '0.0.0.0:4317');
    assert.equal(config.receivers.otlp.protocols.http.endpoint, '0.0.0.0:4318');
    assert.deepEqual(config.receivers.otlp.protocols.http.cors, { allowed_origins: ['https://shop.example.com'] });
    assert.equal(config.extensions.health_check.endpoint, '0.0.0.0:13133');
    assert.deepEqual(config.exporters['otlphttp/loki'], { endpoint: 'http://logs.shop-prod.svc:3100/otlp' });
    assert.deepEqual(config.service.pipelines.logs.exporters, ['otlphttp/loki']);
    assert.deepEqual(config.service.pipelines.metrics.exporters, ['prometheus']);
    assert.equal(config.processors.resource.attributes[0].value, 'prod');
  });

  it('is a consistent pipeline: every component named in service is defined, memory_limiter first', () => {
    for (const [name, p] of Object.entries(config.service.pipelines as Record<string, Obj>)) {
      assert.equal(p.processors[0], 'memory_limiter', name);
      for (const r of p.receivers) assert.ok(config.receivers[r], `${name}: receiver ${r}`);
      for (const x of p.processors) assert.ok(config.processors[x], `${name}: processor ${x}`);
      for (const e of p.exporters) assert.ok(config.exporters[e], `${name}: exporter ${e}`);
    }
    for (const e of config.service.extensions) assert.ok(config.extensions[e]);
  });

  it('runs as the image user with the generated config, probes on health_check and GOMEMLIMIT under the limit', () => {
    assert.equal(sts.spec.template.spec.securityContext.runAsUser, 10001);
    assert.equal(sts.spec.replicas, 2);
    assert.deepEqual(server.args, ['--config', '/etc/otelcol-contrib/slipway/config.yaml']);
    assert.equal(server.readinessProbe.httpGet.port, 'health');
    assert.deepEqual(server.ports.map((p: Obj) => p.containerPort), [4317, 4318, 13133, 8889]);
    assert.equal(server.env.find((e: Obj) => e.name === 'GOMEMLIMIT')?.value, `${Math.floor(8 * 1024 * 0.8)}MiB`);
    assert.equal(goMemLimit('512Mi'), '409MiB');
    assert.equal(goMemLimit('1G'), '762MiB');
    assert.equal(goMemLimit(undefined), undefined);
  });

  it("a user's config.yaml replaces the generated one", () => {
    const own = render(STACK.replace('options: { loki: logs, prometheus: true, cors: ["https://shop.example.com"] } }', 'files: { config.yaml: "service: {}\\n" } }'));
    assert.ok(!own.some((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('otel-config-')));
    const c = own.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'otel')!.spec.template.spec.containers[0];
    assert.deepEqual(c.args, ['--config', '/etc/otelcol-contrib/config.yaml']);
    assert.ok(c.volumeMounts.some((m: Obj) => m.mountPath === '/etc/otelcol-contrib/config.yaml'));
  });

  it('refuses a config.yaml that is not YAML, where it is written', () => {
    const r = slipway(['validate', stackFile(STACK.replace('options: { loki: logs, prometheus: true, cors: ["https://shop.example.com"] } }', 'files: { config.yaml: "service: [" } }'))]);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /slipway\.yaml:\d+:\d+/);
    assert.match(r.stdout + r.stderr, /not valid YAML/);
  });
});

describe('loki entry', () => {
  const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('logs-config-'));
  const config = parse(cm?.data['loki.yaml'] ?? '') as Obj;
  const sts = find('StatefulSet', 'logs');

  it('stores TSDB v13 on the data volume, one tenant, no usage report, retention by the compactor', () => {
    assert.equal(config.auth_enabled, false);
    assert.equal(config.common.path_prefix, '/loki');
    assert.deepEqual(config.schema_config.configs[0], { from: '2024-01-01', store: 'tsdb', object_store: 'filesystem', schema: 'v13', index: { prefix: 'index_', period: '24h' } });
    assert.equal(config.analytics.reporting_enabled, false);
    assert.equal(config.limits_config.retention_period, '30d');
    assert.equal(config.compactor.retention_enabled, true);
  });

  it('runs as UID 10001 on a data volume at /loki, ready on /ready', () => {
    const spec = sts.spec.template.spec;
    assert.equal(spec.securityContext.runAsUser, 10001);
    assert.ok(spec.containers[0].volumeMounts.some((m: Obj) => m.name === 'data' && m.mountPath === '/loki'));
    assert.equal(spec.containers[0].readinessProbe.httpGet.path, '/ready');
    assert.deepEqual(spec.containers[0].args, ['-config.file=/etc/loki/slipway/loki.yaml']);
  });

  it('refuses more than one replica with a hint', () => {
    const r = slipway(['validate', stackFile(STACK.replace('{ type: loki, options', '{ type: loki, replicas: 2, options'))]);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /object storage/);
  });
});
