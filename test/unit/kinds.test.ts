/** The kinds table: every kind slipway generates has an entry, and apply order, pruning and counts come from it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderStack } from '../../src/commands/render.js';
import { applyRank, counts, isCustomGroup, kindInfo, KINDS, PRUNABLE_KINDS, readiness, WORKLOAD_KINDS } from '../../src/k8s/kinds/index.js';
import { loadStack } from '../../src/load/load-stack.js';
import { environmentNames } from '../../src/resolve/merge-environment.js';
import type { StackSpec } from '../../src/model/stack.js';
import { STACKS } from '../stacks.js';

test('every kind in any golden render has a KindInfo with the same apiVersion', () => {
  const seen = new Set<string>();
  for (const { file } of STACKS) {
    const loaded = loadStack(file);
    for (const env of environmentNames(loaded.data as StackSpec)) for (const o of renderStack(loaded, { environment: env }).objects) seen.add(`${o.apiVersion} ${o.kind}`);
  }
  assert.ok(seen.size >= 10);
  for (const k of seen) {
    const [apiVersion, kind] = k.split(' ') as [string, string];
    // An operator's resource (nova's CloudNativePG Cluster) is no kind of slipway's: preflight checks the cluster
    // serves it, and its readiness comes from its status conditions (custom-resource.test.ts).
    if (isCustomGroup(apiVersion)) {
      assert.deepEqual([apiVersion, kindInfo(kind, apiVersion)], ['postgresql.cnpg.io/v1', undefined], k);
      continue;
    }
    const info = kindInfo(kind, apiVersion);
    assert.ok(info, `no KindInfo for ${k}`);
    assert.equal(info.apiVersion, apiVersion);
  }
});

test('apply order follows the phases, unknown kinds last', () => {
  assert.ok(applyRank('Namespace') < applyRank('ServiceAccount'));
  assert.ok(applyRank('ServiceAccount') < applyRank('Secret'));
  assert.ok(applyRank('ConfigMap') < applyRank('Service'));
  assert.ok(applyRank('Service') < applyRank('Deployment'));
  assert.equal(applyRank('Job'), applyRank('StatefulSet'));
  assert.ok(applyRank('Deployment') < applyRank('Ingress'));
  assert.ok(applyRank('Ingress') < applyRank('Widget'));
});

test('data and the namespace are never prunable; every other namespaced kind is', () => {
  const prunable = new Set(PRUNABLE_KINDS.map(([, k]) => k));
  assert.ok(!prunable.has('PersistentVolumeClaim'));
  assert.ok(!prunable.has('Namespace'));
  for (const k of KINDS.filter((x) => x.namespaced && x.kind !== 'PersistentVolumeClaim')) assert.ok(prunable.has(k.kind), `${k.kind} should be prunable`);
  // Routing goes first when pruning: the reverse of the apply order.
  assert.ok(PRUNABLE_KINDS.findIndex(([, k]) => k === 'Ingress') < PRUNABLE_KINDS.findIndex(([, k]) => k === 'Deployment'));
});

test('every workload kind has readiness-or-existence and counts', () => {
  assert.deepEqual(WORKLOAD_KINDS.map(([, k]) => k).sort(), ['CronJob', 'DaemonSet', 'Deployment', 'Job', 'StatefulSet']);
  for (const [apiVersion, kind] of WORKLOAD_KINDS) assert.ok(kindInfo(kind, apiVersion)?.counts, `${kind} has no counts`);
  const dep = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 3 }, status: { readyReplicas: 2 } };
  assert.deepEqual(counts(dep), { desired: 3, ready: 2 });
  // A custom resource called Job is not batch/Job: it is read by the kstatus conventions (custom-resource.ts),
  // never by batch/Job's completions.
  const odd = { apiVersion: 'example.com/v1', kind: 'Job', metadata: { name: 'j', generation: 1 }, spec: { completions: 5 }, status: { conditions: [{ type: 'Ready', status: 'True' as const }] } };
  assert.deepEqual(readiness(odd, []), { done: true, ok: true, message: 'Ready' });
});

const monitor = (kind: string, extra: object = {}) => ({ apiVersion: 'monitoring.coreos.com/v1', kind, metadata: { name: 'api', generation: 2 }, spec: {}, ...extra });
const binding = (status: 'True' | 'False' | 'Unknown', observedGeneration: number, name = 'k8s', extra: object = {}) => ({
  group: 'monitoring.coreos.com',
  resource: 'prometheuses',
  namespace: 'monitoring',
  name,
  conditions: [{ type: 'Accepted', status, lastTransitionTime: '2026-11-30T00:00:00Z', observedGeneration, ...extra }],
});

test("the Prometheus Operator's kinds: configuration applied before the workloads, prunable, not workloads", () => {
  for (const kind of ['ServiceMonitor', 'PodMonitor', 'PrometheusRule', 'Probe']) {
    const info = kindInfo(kind, 'monitoring.coreos.com/v1');
    assert.ok(info, kind);
    assert.deepEqual([info.phase, info.namespaced, info.prunable], ['config', true, true], kind);
    assert.ok(PRUNABLE_KINDS.some(([a, k]) => a === 'monitoring.coreos.com/v1' && k === kind), kind);
    // Before the workloads they watch (by labels only), so a rollout is scraped and alerted on as it happens.
    assert.ok(applyRank(kind) < applyRank('Deployment'), kind);
    assert.deepEqual(counts(monitor(kind)), { desired: 0, ready: 0 });
  }
  assert.ok(!WORKLOAD_KINDS.some(([a]) => a === 'monitoring.coreos.com/v1'));
  // Another group's ServiceMonitor is not the operator's.
  assert.equal(kindInfo('ServiceMonitor', 'example.com/v1'), undefined);
});

test('monitoring kinds are ready once applied; with the operator\'s bindings, their Accepted conditions decide', () => {
  // No status (the operator writes none without its StatusForConfigurationResources gate): ready, where the
  // generic custom-resource reading would wait for ever.
  assert.deepEqual(readiness(monitor('ServiceMonitor'), []), { done: true, ok: true, message: 'applied (the operator reports no status for it)' });
  assert.deepEqual(readiness(monitor('PrometheusRule', { status: {} }), []), { done: true, ok: true, message: 'applied (the operator reports no status for it)' });
  assert.deepEqual(readiness(monitor('ServiceMonitor', { status: { bindings: [binding('True', 2), binding('True', 2, 'other')] } }), []), {
    done: true,
    ok: true,
    message: 'accepted by prometheuses/monitoring/k8s, prometheuses/monitoring/other',
  });
  const rejected = readiness(monitor('PrometheusRule', { status: { bindings: [binding('True', 2), binding('False', 2, 'other', { reason: 'InvalidConfiguration', message: 'parse error' })] } }), []);
  assert.deepEqual(rejected, { done: true, ok: false, message: 'rejected by prometheuses/monitoring/other: Accepted False (InvalidConfiguration): parse error' });
  // A condition about the previous spec says nothing about this one.
  assert.deepEqual(readiness(monitor('PodMonitor', { status: { bindings: [binding('False', 1)] } }), []), { done: false, ok: false, message: 'waiting for prometheuses/monitoring/k8s to observe generation 2 (at 1)' });
  assert.deepEqual(readiness(monitor('Probe', { status: { bindings: [binding('Unknown', 2)] } }), []), { done: false, ok: false, message: 'prometheuses/monitoring/k8s: Accepted Unknown' });
});
