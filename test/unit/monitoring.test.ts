/**
 * The monitoring stack feature through the whole pipeline (parse → resolve → generate): prometheus mode's rules
 * ConfigMap is a rule file promtool accepts, operator mode ships the same groups in a PrometheusRule and a
 * ServiceMonitor per scraped component. The catalog stands a prometheus entry and a postgresql entry with an
 * exporter in for the real ones (the kit's smallest entry under those types).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { builtinEntries } from '../../src/catalog/builtin.js';
import { createCatalog } from '../../src/catalog/catalog.js';
import { PROMETHEUS_RULE_NAME, RULES_KEY } from '../../src/generate/features/monitoring.js';
import { generate } from '../../src/generate/generate.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { parseStack } from '../../src/load/load-stack.js';
import { resolveStack } from '../../src/resolve/resolve.js';
import { echoEntry } from '../catalog-fixtures.js';

const catalog = createCatalog([
  ...builtinEntries.filter((e) => !['prometheus', 'postgresql'].includes(e.type)),
  echoEntry({ type: 'prometheus', needsPassword: false }),
  echoEntry({ type: 'postgresql', needsPassword: false, metrics: () => ({ port: 9187, path: '/metrics' }) }),
]);

const stack = (mode: string) => `name: shop
services:
  api: { image: acme/api:1, ports: { http: 8080, metrics: 9090 } }
  web: { image: acme/web:1, ports: { http: 3000 } }
infra:
  prom: { type: prometheus }
  db: { type: postgresql }
observability:
  metrics: { mode: ${mode} }
  alerts:
    rules:
      QueueBacklog: { expr: 'sum by (queue) (queue_depth{namespace="shop"}) > 100', for: 10m, severity: critical, summary: 'queue {{ $labels.queue }} backs up', labels: { team: orders } }
`;

function objectsOf(mode: string): K8sObject[] {
  const { stack: resolved, issues } = resolveStack(parseStack(stack(mode), 'stack.yaml').data as never, undefined, { catalog });
  assert.ok(resolved, JSON.stringify(issues));
  return generate(resolved, { catalog }).objects;
}
const find = (objects: K8sObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const groupNames = (groups: { name: string }[]) => groups.map((g) => g.name);

describe('monitoring feature', () => {
  it('prometheus mode: <entry>-rules holds a rule file promtool accepts, with the postgresql defaults and the stack\'s rule', () => {
    const cm = find(objectsOf('prometheus'), 'ConfigMap', 'prom-rules') as (K8sObject & { data: Record<string, string> }) | undefined;
    assert.ok(cm, 'no ConfigMap prom-rules');
    assert.deepEqual(Object.keys(cm.data), [RULES_KEY]);
    const dir = mkdtempSync(join(tmpdir(), 'slipway-rules-'));
    try {
      writeFileSync(join(dir, RULES_KEY), cm.data[RULES_KEY]!);
      const r = spawnSync('promtool', ['check', 'rules', RULES_KEY], { cwd: dir, encoding: 'utf8' });
      assert.ok(!r.error, `promtool not runnable: ${r.error?.message}`);
      assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.match(cm.data[RULES_KEY]!, /- name: slipway-postgresql\n/);
    assert.match(cm.data[RULES_KEY]!, /pg_up\{namespace="shop",job="db"\} == 0/);
    assert.match(cm.data[RULES_KEY]!, /- alert: QueueBacklog\n/);
    assert.ok(!objectsOf('prometheus').some((o) => o.kind === 'ServiceMonitor' || o.kind === 'PrometheusRule'));
  });

  it('operator mode: a ServiceMonitor per scraped component and one PrometheusRule with the same groups', () => {
    const objects = objectsOf('operator');
    const monitors = objects.filter((o) => o.kind === 'ServiceMonitor');
    assert.deepEqual(monitors.map((m) => m.metadata.name), ['api', 'db'], 'web has no metrics port');
    const api = monitors[0] as K8sObject & { spec: { selector: unknown; endpoints: { port: string; path: string; interval: string }[] } };
    assert.deepEqual(api.spec.selector, { matchLabels: { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/name': 'api' } });
    assert.deepEqual(api.spec.endpoints.map((e) => [e.port, e.path, e.interval]), [['metrics', '/metrics', '30s']]);
    const rule = find(objects, 'PrometheusRule', PROMETHEUS_RULE_NAME) as (K8sObject & { spec: { groups: { name: string }[] } }) | undefined;
    assert.ok(rule);
    // The stand-in postgresql entry keeps no claims, so no volume group.
    assert.deepEqual(groupNames(rule.spec.groups), ['slipway-workloads', 'slipway-targets', 'slipway-postgresql', 'stack-rules']);
    assert.ok(!find(objects, 'ConfigMap', 'prom-rules'));
  });
});
