/**
 * One small golden folder per feature (test/golden-features/<feature>/): a tiny stack and only the objects that
 * feature adds to it, so a change to one feature is a short diff to review. `UPDATE_GOLDEN=1` accepts changes.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { toYaml } from '../../src/emit/yaml.js';
import { FEATURES, STACK_FEATURES } from '../../src/generate/features/index.js';
import { generate } from '../../src/generate/generate.js';
import { refKey } from '../../src/k8s/object.js';
import { loadStack } from '../../src/load/load-stack.js';
import { resolvedOf } from '../stacks.js';

const ROOT = 'test/golden-features';

test('every feature has a golden folder, and every folder names a feature', () => {
  assert.deepEqual(readdirSync(ROOT).sort(), [...FEATURES, ...STACK_FEATURES].map((f) => f.name).sort());
});

const none = { features: [], stackFeatures: [] };
const cases = [
  ...FEATURES.map((f) => ({ name: f.name, only: { ...none, features: [f] } })),
  ...STACK_FEATURES.map((f) => ({ name: f.name, only: { ...none, stackFeatures: [f] } })),
];

for (const feature of cases) {
  test(`golden feature ${feature.name}`, () => {
    const stack = resolvedOf(loadStack(join(ROOT, feature.name, 'stack.yaml')));
    const without = new Set(generate(stack, none).objects.map((o) => refKey(o)));
    const own = generate(stack, feature.only).objects.filter((o) => !without.has(refKey(o)));
    assert.ok(own.length > 0, `the ${feature.name} stack should make the feature add objects`);
    const text = toYaml(own);
    const golden = join(ROOT, feature.name, 'objects.yaml');
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, text);
    assert.ok(existsSync(golden), `${golden} is missing: run with UPDATE_GOLDEN=1 and review it`);
    assert.equal(text, readFileSync(golden, 'utf8'), `${golden} differs (UPDATE_GOLDEN=1 to accept)`);
  });
}
