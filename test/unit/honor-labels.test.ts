/**
 * A service's `metrics: {honorLabels: true}` (a Pushgateway): the generated scrape job keeps the pushed job and
 * instance labels (honor_labels) in mode prometheus, and the ServiceMonitor endpoint says honorLabels in operator
 * mode; other targets are unchanged.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { slipway, stackFile } from '../helpers.js';

type Obj = Record<string, any>;

const stack = (mode: string) => `name: shop
services:
  pushgateway:
    image: prom/pushgateway:v1.11.1
    ports: { http: 9091 }
    metrics: { port: http, honorLabels: true }
  api: { image: acme/api:1, ports: { http: 8080, metrics: 9100 } }
infra:
  prom: { type: prometheus }
observability:
  metrics: { mode: ${mode} }
`;

function render(text: string): Obj[] {
  const r = slipway(['render', stackFile(text)]);
  assert.equal(r.status, 0, r.stderr);
  return parseAllDocuments(r.stdout).map((d) => d.toJS() as Obj).filter(Boolean);
}

test('mode prometheus: the Pushgateway job keeps the pushed labels, the others do not', () => {
  const cm = render(stack('prometheus')).find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'prom-config');
  assert.ok(cm);
  const jobs = new Map((parse(cm.data['prometheus.yml']).scrape_configs as Obj[]).map((j) => [j.job_name, j]));
  assert.equal(jobs.get('pushgateway')?.honor_labels, true);
  assert.equal(jobs.get('pushgateway')?.metrics_path, '/metrics');
  assert.equal(jobs.get('api')?.honor_labels, undefined);
});

test('mode operator: the ServiceMonitor endpoint says honorLabels', () => {
  const objects = render(stack('operator'));
  const endpoints = (name: string) => objects.find((o) => o.kind === 'ServiceMonitor' && o.metadata.name === name)?.spec.endpoints as Obj[];
  assert.deepEqual(endpoints('pushgateway').map((e) => e.honorLabels), [true]);
  assert.deepEqual(endpoints('api').map((e) => e.honorLabels), [undefined]);
});

test('honorLabels is a boolean (schema, located)', () => {
  const r = slipway(['validate', stackFile(stack('prometheus').replace('honorLabels: true', 'honorLabels: yes please'))]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /slipway\.yaml:6:\d+/);
});
