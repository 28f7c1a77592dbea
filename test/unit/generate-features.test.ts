/** The components × features seam: a new feature is a file and a line, and generate places its objects by the kinds table. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { componentObject } from '../../src/generate/component.js';
import { FEATURES, type Feature } from '../../src/generate/features/index.js';
import { generate } from '../../src/generate/generate.js';
import { applyRank, isWorkload } from '../../src/k8s/kinds/index.js';
import { refKey } from '../../src/k8s/object.js';
import { loadStack } from '../../src/load/load-stack.js';
import { resolvedOf } from '../stacks.js';

const basic = () => resolvedOf(loadStack('test/fixtures/basic.yaml'), 'prod');

test('the pdb feature (one file, one line) reaches services and infra alike and is ordered by the kinds table', () => {
  const stack = basic();
  const { objects, provenance } = generate(stack);
  const budgets = objects.filter((o) => o.kind === 'PodDisruptionBudget');
  const replicated = [...stack.services, ...stack.infra.filter((i) => i.mode === 'internal')].filter((c) => c.replicas > 1).map((c) => c.name).sort();
  assert.ok(replicated.length > 1, 'the prod fixture has replicated components');
  assert.deepEqual(budgets.map((o) => o.metadata.name).sort(), replicated);
  const lastWorkload = Math.max(...objects.map((o, i) => (isWorkload(o.kind) ? i : -1)));
  for (const b of budgets) {
    const at = objects.indexOf(b);
    assert.ok(at > lastWorkload, `${refKey(b)} comes after every workload`);
    assert.ok(objects.slice(at + 1).every((o) => applyRank(o.kind) >= applyRank('PodDisruptionBudget')), `${refKey(b)} is in its apply phase`);
    assert.ok(provenance.get(refKey(b))?.[0] === 'services' || provenance.get(refKey(b))?.[0] === 'infra', `${refKey(b)} has its component's provenance`);
  }
  // Without the feature in the list, no budget: generate.ts knows nothing about it.
  assert.equal(generate(stack, { features: FEATURES.filter((f) => f.name !== 'pdb') }).objects.filter((o) => o.kind === 'PodDisruptionBudget').length, 0);
});

test('infra ServiceAccounts come from the service-account feature, not a special case', () => {
  const stack = basic();
  const bare = generate(stack, { features: [] }).objects;
  assert.equal(bare.filter((o) => o.kind === 'ServiceAccount').length, 0);
  const withSa = generate(stack, { features: FEATURES.filter((f) => f.name === 'service-account') }).objects.filter((o) => o.kind === 'ServiceAccount');
  const internal = stack.infra.filter((i) => i.mode === 'internal').map((i) => i.name);
  assert.ok(internal.length > 0);
  for (const name of [...internal, ...stack.services.map((s) => s.name)]) assert.ok(withSa.some((o) => o.metadata.name === name), `ServiceAccount ${name}`);
});

test('two generators making the same object is an error, not a silent overwrite', () => {
  const twice: Feature = { name: 'twice', applies: () => true, objects: (c, ctx) => [componentObject('v1', 'ConfigMap', c, ctx, {}, 'shared')] };
  assert.throws(() => generate(basic(), { features: [twice] }), /ConfigMap\/shop\/shared is generated twice/);
});

test('generated Secrets from `secrets:` carry their stack path', () => {
  const stack = { ...basic(), secrets: [{ name: 'admin', keys: ['password'] }] };
  assert.deepEqual(generate(stack).provenance.get('Secret/shop/admin'), ['secrets', 'admin']);
});
