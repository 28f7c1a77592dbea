/**
 * What a Prometheus Operator (or the stack's Prometheus) sees of a CloudNativePG-run PostgreSQL and of the
 * stack's label requirements: a PodMonitor for the operator's instance pods (no Service of theirs has the metrics
 * port), its job named like the rules select it; observability.metrics.labels on every ServiceMonitor, PodMonitor
 * and PrometheusRule; in mode prometheus a pod job found by CloudNativePG's label and a policy opening 9187 to the
 * scraper only. Built-in catalog entries throughout.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { generate } from '../../src/generate/generate.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { parseStack } from '../../src/load/load-stack.js';
import { diagnose } from '../helpers.js';
import { resolvedOf } from '../stacks.js';

type Obj = Record<string, any>;
const stack = (metrics: string) => `name: shop
services:
  api: { image: acme/api:1.0.0, ports: { http: 8080, metrics: 9090 } }
infra:
  prom: { type: prometheus }
  db: { type: postgresql, replicas: 3 }
  single: { type: postgresql }
observability:
  metrics: ${metrics}
environments:
  prod: { profile: production }
`;
const render = (text: string, env = 'prod'): K8sObject[] => generate(resolvedOf(parseStack(text, 'slipway.yaml'), env)).objects;
const find = (objects: K8sObject[], kind: string, name: string): Obj | undefined => objects.find((x) => x.kind === kind && x.metadata.name === name) as Obj | undefined;

describe('operator mode: monitors', () => {
  const objects = render(stack('{ mode: operator, labels: { release: kube-prometheus-stack, example.com/team: shop } }'));

  it('a CloudNativePG cluster gets a PodMonitor on its instances\' metrics port, with the job the rules select', () => {
    const pm = find(objects, 'PodMonitor', 'db')!;
    assert.ok(pm, 'PodMonitor db');
    assert.deepEqual(pm.spec.selector, { matchLabels: { 'cnpg.io/cluster': 'db' } });
    assert.deepEqual(pm.spec.podMetricsEndpoints, [{ port: 'metrics', path: '/metrics', interval: '30s', relabelings: [{ targetLabel: 'job', replacement: 'db', action: 'replace' }] }]);
    assert.equal(find(objects, 'ServiceMonitor', 'db'), undefined, 'no Service of the cluster has the port');
    // The single instance keeps its exporter behind its own Service.
    assert.ok(find(objects, 'ServiceMonitor', 'single'));
    assert.deepEqual(objects.filter((o) => o.kind === 'PodMonitor').map((o) => o.metadata.name), ['db']);
    const rule = find(objects, 'PrometheusRule', 'slipway-alerts')!;
    const pg = (rule.spec.groups as Obj[]).find((g) => g.name === 'slipway-postgresql')!;
    assert.match(pg.rules[0].expr, /cnpg_collector_up\{namespace="shop-prod",job=~"db\|single"\} == 0/);
  });

  it('puts the block\'s labels on every ServiceMonitor, PodMonitor and PrometheusRule, under slipway\'s own', () => {
    const monitors = objects.filter((o) => ['ServiceMonitor', 'PodMonitor', 'PrometheusRule'].includes(o.kind));
    assert.deepEqual(monitors.map((o) => `${o.kind}/${o.metadata.name}`).sort(), ['PodMonitor/db', 'PrometheusRule/slipway-alerts', 'ServiceMonitor/api', 'ServiceMonitor/single']);
    for (const o of monitors) {
      assert.equal(o.metadata.labels?.['release'], 'kube-prometheus-stack', `${o.kind}/${o.metadata.name}`);
      assert.equal(o.metadata.labels?.['example.com/team'], 'shop');
      assert.equal(o.metadata.labels?.['app.kubernetes.io/managed-by'], 'slipway');
    }
    // Nothing else carries them.
    assert.equal(objects.filter((o) => o.metadata.labels?.['release']).length, monitors.length);
  });

  it('a label slipway writes itself keeps slipway\'s value', () => {
    const own = render(stack('{ mode: operator, labels: { app.kubernetes.io/managed-by: someone } }'));
    assert.equal(find(own, 'ServiceMonitor', 'api')!.metadata.labels['app.kubernetes.io/managed-by'], 'slipway');
  });

  it('a bad label is one located diagnostic', () => {
    const d = diagnose(stack('{ mode: operator, labels: { release: "kube prometheus" } }'));
    assert.equal(d.length, 1, JSON.stringify(d));
    assert.equal(d[0]!.code, 'invalid-label');
    assert.equal(d[0]!.line, 9);
    assert.match(d[0]!.message, /release/);
  });
});

describe('prometheus mode: a CloudNativePG cluster', () => {
  const objects = render(stack('{ mode: prometheus }'));

  it('is scraped as pods found by CloudNativePG\'s label, on the metrics port', () => {
    const config = parse(find(objects, 'ConfigMap', 'prom-config')!.data['prometheus.yml']);
    const job = (config.scrape_configs as Obj[]).find((j) => j.job_name === 'db')!;
    assert.deepEqual(job.kubernetes_sd_configs[0].selectors, [{ role: 'pod', label: 'cnpg.io/cluster=db' }]);
    assert.equal(job.relabel_configs[0].regex, 'metrics');
  });

  it('its instances let the scraper in on 9187, and nobody else; Prometheus may reach them there', () => {
    const policy = find(objects, 'NetworkPolicy', 'db')!.spec;
    const prom = { podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/name': 'prom' } } };
    const on9187 = (policy.ingress as Obj[]).filter((r) => (r.ports as Obj[]).some((p) => p.port === 9187));
    assert.deepEqual(on9187, [{ from: [prom], ports: [{ port: 9187, protocol: 'TCP' }] }]);
    const egress = find(objects, 'NetworkPolicy', 'prom')!.spec.egress as Obj[];
    assert.ok(egress.some((r) => r.to?.[0]?.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'db' && r.ports[0].port === 9187));
  });
});
