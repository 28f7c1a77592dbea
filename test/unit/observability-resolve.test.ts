import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCatalog } from '../../src/catalog/catalog.js';
import { builtinEntries } from '../../src/catalog/builtin.js';
import { parseStack } from '../../src/load/load-stack.js';
import { resolveStack } from '../../src/resolve/resolve.js';
import { validateStack } from '../../src/validate/validate.js';
import { echoEntry } from '../catalog-fixtures.js';

// Entries of the types the block looks for: the kit's smallest entry under those names, plus one with an exporter.
const catalog = createCatalog([
  ...builtinEntries.filter((e) => !['prometheus', 'grafana', 'otel-collector', 'loki', 'fluent-bit', 'echo'].includes(e.type)),
  echoEntry({ type: 'prometheus', needsPassword: false }),
  echoEntry({ type: 'grafana', needsPassword: false }),
  echoEntry({ type: 'loki', needsPassword: false }),
  echoEntry({ type: 'fluent-bit', needsPassword: false }),
  echoEntry({ type: 'otel-collector', needsPassword: false, connection: () => ({ host: 'otel', port: 4317, tls: false, values: {}, url: 'http://otel:4317' }) }),
  echoEntry({ type: 'echo', needsPassword: false, metrics: () => ({ port: 9187, path: '/probe' }) }),
]);

const STACK = `name: shop
services:
  api:
    image: acme/api:1
    ports: { http: 8080, metrics: 9090 }
  web:
    image: acme/web:1
    ports: { http: 3000 }
    metrics: { port: http, path: /stats }
  quiet:
    image: acme/quiet:1
    ports: { metrics: 9090 }
    metrics: false
  worker:
    image: acme/worker:1
    perTenant: true
    ports: { metrics: 9100 }
  migrate:
    image: acme/migrate:1
    kind: job
    ports: { metrics: 9100 }
tenants: [a, b]
infra:
  prom: { type: prometheus }
  cache: { type: echo }
  ext: { type: echo, mode: external, external: { host: e.example } }
  otel: { type: otel-collector }
observability:
  metrics: { mode: prometheus, interval: 15s }
  alerts:
    rules:
      QueueBacklog: { expr: 'queue_depth > 100', summary: 'queue {{ $labels.queue }} backs up' }
      ApiDown: { expr: 'up{job="api"} == 0', for: 1m, severity: critical, summary: api down }
  traces: { services: [api, worker] }
environments:
  dev:
    observability: { enabled: false }
  prod:
    observability:
      metrics: { interval: 10s }
      alerts: { defaults: false }
`;

const resolve = (text: string, env?: string) => resolveStack(parseStack(text, 'stack.yaml').data as never, env, { catalog });

describe('observability: resolve', () => {
  it('lists every scraped port: a port named metrics, a service metrics: key, internal infra with an exporter', () => {
    const { stack, issues } = resolve(STACK);
    assert.deepEqual(issues, []);
    const m = stack!.observability!.metrics!;
    assert.equal(m.mode, 'prometheus');
    assert.equal(m.prometheus, 'prom');
    assert.equal(m.interval, '15s');
    assert.deepEqual(m.targets, [
      { component: 'api', kind: 'service', port: 'metrics', path: '/metrics' },
      // External infra runs nowhere slipway could put an exporter; a job ends before a scrape finds it.
      { component: 'cache', kind: 'infra', type: 'echo', port: 'metrics', path: '/probe' },
      { component: 'web', kind: 'service', port: 'http', path: '/stats' },
      { component: 'worker-a', kind: 'service', port: 'metrics', path: '/metrics' },
      { component: 'worker-b', kind: 'service', port: 'metrics', path: '/metrics' },
    ]);
    assert.equal(stack!.infra.find((i) => i.name === 'cache')!.metrics, true);
    assert.equal(stack!.infra.find((i) => i.name === 'ext')!.metrics, undefined);
  });

  it('defaults alert rules and expands traced services to their tenant copies', () => {
    const o = resolve(STACK).stack!.observability!;
    assert.deepEqual(o.alerts, {
      defaults: true,
      rules: [
        { name: 'ApiDown', expr: 'up{job="api"} == 0', for: '1m', severity: 'critical', summary: 'api down', labels: {} },
        { name: 'QueueBacklog', expr: 'queue_depth > 100', for: '5m', severity: 'warning', summary: 'queue {{ $labels.queue }} backs up', labels: {} },
      ],
    });
    assert.equal(o.traces!.collector, 'otel');
    assert.equal(o.traces!.endpoint.url, 'http://otel:4317');
    assert.deepEqual(o.traces!.services, ['api', 'worker-a', 'worker-b']);
  });

  it('lets an environment turn it off or patch a part', () => {
    assert.equal(resolve(STACK, 'dev').stack!.observability, undefined);
    assert.equal(resolve(STACK, 'dev').stack!.infra.find((i) => i.name === 'cache')!.metrics, undefined);
    const prod = resolve(STACK, 'prod').stack!.observability!;
    assert.equal(prod.metrics!.interval, '10s');
    assert.equal(prod.metrics!.mode, 'prometheus');
    assert.equal(prod.alerts.defaults, false);
  });

  it('operator mode needs no prometheus entry', () => {
    const o = resolve('name: s\nservices:\n  api: { image: a/b:1, ports: { metrics: 9090 } }\nobservability:\n  metrics: { mode: operator }\n').stack!.observability!;
    assert.deepEqual(o.metrics, {
      mode: 'operator',
      interval: '30s',
      targets: [{ component: 'api', kind: 'service', port: 'metrics', path: '/metrics' }],
      labels: {},
      // The cluster's kube-prometheus provides kube-state-metrics under this job.
      kubeStateMetrics: { job: 'kube-state-metrics', internal: false },
      // kube-prometheus's namespace, let in by network policies on the scraped ports.
      scraperNamespace: 'monitoring',
    });
  });

  it('takes the monitors\' labels and kube-state-metrics\' job from the block, per environment', () => {
    const text = `name: s
services:
  api: { image: a/b:1, ports: { metrics: 9090 } }
observability:
  metrics: { mode: operator, labels: { release: kube-prometheus-stack }, kubeStateMetricsJob: ksm }
environments:
  prod:
    observability: { metrics: { labels: { team: shop } } }
`;
    const m = resolve(text).stack!.observability!.metrics!;
    assert.deepEqual(m.labels, { release: 'kube-prometheus-stack' });
    assert.deepEqual(m.kubeStateMetrics, { job: 'ksm', internal: false });
    assert.deepEqual(resolve(text, 'prod').stack!.observability!.metrics!.labels, { release: 'kube-prometheus-stack', team: 'shop' });
  });

  it('the scraping prometheus entry runs kube-state-metrics unless its options say the cluster has one', () => {
    // The built-in prometheus entry, whose options carry the switch.
    const text = 'name: s\ninfra:\n  prom: { type: prometheus }\nobservability:\n  metrics: { mode: prometheus, kubeStateMetricsJob: ksm }\n';
    const ksm = (t: string) => resolveStack(parseStack(t, 'stack.yaml').data as never).stack!.observability!.metrics!.kubeStateMetrics;
    assert.deepEqual(ksm(text), { job: 'ksm', internal: true });
    assert.deepEqual(ksm(text.replace('{ type: prometheus }', '{ type: prometheus, options: { kubeStateMetrics: false } }')), { job: 'ksm', internal: false });
  });
});

describe('observability: bad input, located', () => {
  const codes = (text: string) =>
    validateStack(parseStack(text, 'stack.yaml'), { catalog }).diagnostics.map((d) => `${d.code} ${d.line}:${d.col} ${d.message} | ${d.hint ?? ''}`);

  it('a named entry that is missing or of another type, or none of the type', () => {
    assert.deepEqual(codes('name: s\ninfra:\n  cache: { type: echo }\nobservability:\n  metrics: { mode: prometheus, prometheus: cache }\n'), [
      'observability-infra 5:44 "cache" is a echo, not a prometheus | add one, e.g. infra: {cache: {type: prometheus}}',
    ]);
    assert.deepEqual(codes('name: s\nobservability:\n  metrics: { mode: prometheus }\n'), [
      'observability-infra 3:12 this needs a prometheus entry and the stack has none | add one, e.g. infra: {prometheus: {type: prometheus}}, or use mode: operator with the Prometheus Operator in the cluster',
    ]);
    assert.deepEqual(codes('name: s\ninfra:\n  a: { type: loki }\n  b: { type: loki }\n  f: { type: fluent-bit }\nobservability:\n  logs: {}\n'), [
      'observability-infra 7:9 2 loki entries (a, b): which one does this? | name it: loki: a',
    ]);
  });

  it('a metrics port the service does not have, a traced service that does not exist, rules without metrics', () => {
    assert.deepEqual(codes('name: s\nservices:\n  api: { image: a/b:1, ports: { http: 80 }, metrics: { port: htp } }\n'), [
      'unknown-port 3:62 metrics port "htp" is not a port of api | did you mean "http"?',
    ]);
    const d = codes('name: s\nservices:\n  api: { image: a/b:1 }\ninfra:\n  o: { type: otel-collector }\nobservability:\n  traces: { services: [apj] }\n  alerts: { rules: { X: { expr: up, summary: s } } }\n');
    assert.deepEqual(d, [
      'unknown-dependency 7:24 no service "apj" to trace | did you mean "api"?',
      'observability-needs-metrics 8:20 alert rules need metrics: nothing evaluates them without observability.metrics | add observability: {metrics: {mode: prometheus}} (or mode: operator)',
    ]);
  });

  it('metrics without a mode after an environment adds it, and a badly named rule, are refused', () => {
    assert.deepEqual(codes('name: s\nenvironments:\n  dev: {}\n  prod:\n    observability: { metrics: { interval: 5s } }\n').map((x) => x.split(' |')[0]), [
      'observability-mode 5:31 observability.metrics needs a mode in this environment',
    ]);
    assert.match(codes('name: s\nobservability:\n  metrics: { mode: operator }\n  alerts: { rules: { lower: { expr: up, summary: s } } }\n')[0]!, /^invalid-key 4:22/);
  });
});
