/**
 * What validate accepts, the real API server accepts: every boundary stack validate accepts is rendered and
 * every object is applied with a server-side dry run into a test namespace. Every boundary stack validate
 * rejects carries the expected rule code, and (unless the case says why not) its objects, rendered with
 * validation skipped, are refused by the API server too — so the rules are neither too loose nor too strict.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseStack } from '../../src/load/load-stack.js';
import { validateStack } from '../../src/validate/validate.js';
import { renderStack } from '../../src/commands/render.js';
import { resolveStack } from '../../src/resolve/resolve.js';
import { generate } from '../../src/generate/generate.js';
import { secretObject } from '../../src/emit/secrets.js';
import { toYaml } from '../../src/emit/yaml.js';
import type { K8sObject } from '../../src/k8s/object.js';
import type { StackSpec } from '../../src/model/stack.js';
import { INVALID, VALID, type BoundaryCase } from '../boundary-stacks.js';
import { createNamespace, dropNamespace, kubectl } from './kube.js';

const TEST_KEY = Buffer.alloc(32, 7);
let ns = '';

before(() => {
  ns = createNamespace('api-accept');
});
after(() => dropNamespace(ns));

function dryRun(objects: readonly K8sObject[]): { status: number | null; stderr: string } {
  const body = toYaml(objects.filter((o) => o.kind !== 'Namespace'));
  return kubectl(['apply', '--server-side', '--field-manager=slipway', '--dry-run=server', '-n', ns, '-f', '-'], body);
}

const load = (c: BoundaryCase) => parseStack(JSON.stringify(c.stack), `${c.name}.json`);

describe('validate accepts ⇒ the API server accepts', () => {
  for (const c of VALID) {
    test(c.name, () => {
      const loaded = load(c);
      const v = validateStack(loaded);
      const errors = v.diagnostics.filter((d) => (d.severity ?? 'error') === 'error');
      assert.deepEqual(errors.map((d) => `${d.code}: ${d.message.slice(0, 200)}`), [], 'validate accepts it');
      if (c.warns) assert.ok(v.diagnostics.some((d) => d.code === c.warns && d.severity === 'warning'), `a ${c.warns} warning`);
      const rendered = renderStack(loaded, { namespace: ns, secrets: 'include', secretKey: TEST_KEY });
      const r = dryRun(rendered.objects);
      assert.equal(r.status, 0, `the API server refused what validate accepted:\n${r.stderr.slice(0, 2000)}`);
    });
  }
});

describe('validate rejects with the rule code, as the API server would', () => {
  for (const c of INVALID) {
    test(c.name, () => {
      const v = validateStack(load(c));
      assert.equal(v.stack, undefined, 'validate rejects it');
      assert.ok(
        v.diagnostics.some((d) => d.code === c.rejectedWith && (d.severity ?? 'error') === 'error' && d.line !== undefined),
        `expected ${c.rejectedWith}, got ${v.diagnostics.map((d) => d.code).join(', ')}`,
      );
      if (c.apiRejects !== true) return;
      // The same objects with validation skipped: the API server must refuse them as well.
      const { stack, issues } = resolveStack(c.stack as unknown as StackSpec, 'default', { namespace: ns });
      assert.ok(stack, `resolves without validation: ${issues.map((i) => i.code).join(', ')}`);
      const out = generate(stack);
      const r = dryRun([...out.objects, ...out.secrets.map((s) => secretObject(stack.name, s, TEST_KEY))]);
      assert.notEqual(r.status, 0, 'the API server accepted what validate rejects: the rule is stricter than the API');
      // Refused for what the object says, not because the request itself failed.
      assert.match(r.stderr, /is invalid|Invalid value|Duplicate value|Too long|Forbidden|Unsupported value|cannot unmarshal|too long|must have at most|duplicate entries for key/, r.stderr.slice(0, 2000));
      assert.doesNotMatch(r.stderr, /connection refused|Unable to connect|namespaces? ".*" not found/);
    });
  }
});
