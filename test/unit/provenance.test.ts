/**
 * Provenance: every object and generated Secret of every golden stack knows the stack path it came from, and
 * that path locates a line in the stack file (at the component itself or in an environment's overlay of it).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generate } from '../../src/generate/generate.js';
import { refKey } from '../../src/k8s/object.js';
import { loadStack } from '../../src/load/load-stack.js';
import type { StackSpec } from '../../src/model/stack.js';
import { environmentNames } from '../../src/resolve/merge-environment.js';
import { resolvedOf, STACKS } from '../stacks.js';

for (const { name, file } of STACKS) {
  const loaded = loadStack(file);
  for (const env of environmentNames(loaded.data as StackSpec)) {
    test(`provenance ${name} / ${env}: every object has a stack path that locates a line`, () => {
      const generated = generate(resolvedOf(loaded, env));
      const keys = [...generated.objects.map((o) => refKey(o)), ...generated.secrets.map((s) => refKey({ apiVersion: 'v1', kind: 'Secret', namespace: s.namespace, name: s.name }))];
      assert.equal(generated.provenance.size, keys.length, 'provenance has exactly one entry per object and Secret');
      for (const key of keys) {
        const path = generated.provenance.get(key);
        assert.ok(path, `${key} has no provenance`);
        const where = path.slice(0, 2);
        assert.ok(loaded.source.has(where) || loaded.source.has(['environments', env, ...where]), `${key}: ${where.join('.')} is not in ${file}`);
        const at = loaded.source.locate(path);
        assert.ok(at && at.line >= 1, `${key}: ${path.join('.')} locates no line`);
      }
    });
  }
}

test('provenance names the component, the feature key, the secret, or the stack itself', () => {
  const loaded = loadStack('test/fixtures/basic.yaml');
  const { provenance } = generate(resolvedOf(loaded, 'dev'));
  const ns = 'shop-dev';
  assert.deepEqual(provenance.get('Namespace/shop-dev'), []);
  assert.deepEqual(provenance.get(`Deployment/${ns}/api`), ['services', 'api']);
  assert.deepEqual(provenance.get(`Ingress/${ns}/api`), ['services', 'api', 'ingress']);
  assert.deepEqual(provenance.get(`ConfigMap/${ns}/api-files`), ['services', 'api', 'files']);
  assert.deepEqual(provenance.get(`Role/${ns}/api-wait-jobs`), ['services', 'api', 'uses']);
  assert.deepEqual(provenance.get(`Service/${ns}/api`), ['services', 'api', 'ports']);
  // A stamped instance points at the service it was stamped from.
  assert.deepEqual(provenance.get(`Deployment/${ns}/detect-acme`), ['services', 'detect']);
  assert.deepEqual(provenance.get(`StatefulSet/${ns}/db`), ['infra', 'db']);
  assert.deepEqual(provenance.get(`ServiceAccount/${ns}/db`), ['infra', 'db']);
  assert.deepEqual(provenance.get(`Secret/${ns}/db-credentials`), ['infra', 'db']);
  // The Ingress line is the `ingress:` value in the file.
  const line = loaded.source.text.split('\n').findIndex((l) => l.includes('ingress: { host: "${vars.domain}"')) + 1;
  assert.equal(loaded.source.locate(provenance.get(`Ingress/${ns}/api`)!)?.line, line);
});
