import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';
import { resolveStack } from '../../src/resolve/resolve.js';
import { generate } from '../../src/generate/generate.js';
import { buildGraph } from '../../src/graph/build.js';
import { formatWaves, planWaves } from '../../src/plan/waves.js';
import { diffObject, formatDiff } from '../../src/lifecycle/diff.js';
import type { StackSpec } from '../../src/model/stack.js';

test('waves: namespace, setup, components by dependency depth, routing last', () => {
  const stack = resolveStack(parse(readFileSync('test/fixtures/basic.yaml', 'utf8')) as StackSpec, 'dev').stack!;
  const text = formatWaves(planWaves(generate(stack).objects, buildGraph(stack)));
  const lines = text.split('\n');
  assert.equal(lines[0], 'wave 1: namespace');
  assert.match(text, /wave 3: components, level 0\n  cache: StatefulSet\/cache \(wait\)\n  db: StatefulSet\/db, Job\/db-provision-[0-9a-f]+ \(wait\)/);
  assert.match(text, /wave 4: components, level 1\n  detect-acme: Deployment\/detect-acme \(wait\) after db\n  detect-globex: Deployment\/detect-globex \(wait\) after db\n  migrate: Job\/migrate-[0-9a-f]+ \(wait\) after db/);
  assert.match(text, /wave 5: components, level 2\n  api: Deployment\/api \(wait\) after cache, db, migrate\nwave 6: components, level 3\n  worker: Deployment\/worker \(wait\) after api, cache\nwave 7: routing and policies\n  Ingress\/api, Ingress\/detect-acme, Ingress\/detect-globex$/);
});

test('diff: server-owned fields ignored, Secret values redacted, create/delete shown', () => {
  const live = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', resourceVersion: '7', managedFields: [{}] }, data: { password: 'b2xk' }, status: { x: 1 } };
  const desired = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', resourceVersion: '8' }, data: { password: 'bmV3' } };
  const d = diffObject('Secret/ns/s', live, desired)!;
  assert.deepEqual(d.changes, [{ path: 'data.password', before: '<redacted>', after: '<redacted>' }]);
  assert.doesNotMatch(formatDiff([d]), /b2xk|bmV3/);
  assert.equal(diffObject('x', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', uid: '1' } }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', uid: '2' } }), undefined);
  assert.equal(formatDiff([diffObject('A', undefined, desired)!, diffObject('B', live, undefined)!]), '+ A (new)\n- B (pruned)\n');
});

test('applied hash is stable per content; edits by people count as drift, controller status writes do not', async () => {
  const { withAppliedHash, liveState, APPLIED_HASH } = await import('../../src/lifecycle/engine.js');
  const o = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'n' }, data: { k: 'v' } };
  const h = withAppliedHash(o).metadata.annotations![APPLIED_HASH];
  assert.equal(withAppliedHash(structuredClone(o)).metadata.annotations![APPLIED_HASH], h);
  assert.notEqual(withAppliedHash({ ...o, data: { k: 'w' } }).metadata.annotations![APPLIED_HASH], h);
  const live = (managers: { manager: string; subresource?: string }[]) => ({ ...withAppliedHash(o), metadata: { ...withAppliedHash(o).metadata, resourceVersion: '5', managedFields: managers } });
  assert.deepEqual(liveState(live([{ manager: 'slipway' }, { manager: 'kube-controller-manager', subresource: 'status' }])), { resourceVersion: '5', appliedHash: h, touched: false });
  assert.equal(liveState(live([{ manager: 'slipway' }, { manager: 'kubectl-edit' }])).touched, true);
  assert.equal(liveState(live([{ manager: 'kubectl-scale', subresource: 'scale' }])).touched, true);
});

test("a component's own timeout travels with its step", () => {
  const spec = parse(readFileSync('test/fixtures/basic.yaml', 'utf8')) as StackSpec;
  spec.services!.api!.timeout = 42;
  spec.infra!.db!.timeout = 600;
  const stack = resolveStack(spec, 'dev').stack!;
  const text = formatWaves(planWaves(generate(stack).objects, buildGraph(stack)));
  assert.match(text, /api: Deployment\/api \(wait 42s\) after cache, db, migrate/);
  assert.match(text, /db: StatefulSet\/db, Job\/db-provision-[0-9a-f]+ \(wait 600s\)/);
  assert.match(text, /cache: StatefulSet\/cache \(wait\)/);
});
