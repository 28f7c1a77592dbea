/**
 * `diff -e a -e b`: two environments compared as objects, with namespaces and environment names written
 * neutrally, so only real differences remain: replicas, resources, an infra entry external in one of them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffEnvironments } from '../../src/commands/diff-environments.js';
import { formatDiff } from '../../src/lifecycle/diff.js';
import { loadStack } from '../../src/load/load-stack.js';

test('the fixture dev vs prod: only what the stack makes differ, objects paired by kind and name (jobs by component)', () => {
  const diffs = diffEnvironments(loadStack('test/fixtures/basic.yaml'), 'dev', 'prod');
  const byName = new Map(diffs.map((d) => [d.object, d]));
  assert.deepEqual(byName.get('Namespace')?.changes, [{ path: 'metadata.name', before: 'shop-dev', after: 'shop' }]);
  for (const only of ['StatefulSet/db', 'Service/db', 'Job/db']) assert.equal(byName.get(only)?.action, 'delete', `${only}: prod's db is external`);
  assert.ok(byName.get('Job/migrate'), 'the migration Job is one object in both, whatever its digest');
  assert.deepEqual(byName.get('Deployment/detect-acme')?.changes.find((c) => c.path === 'spec.replicas'), { path: 'spec.replicas', before: 1, after: 2 });
  // No difference is only the namespace or the environment label.
  for (const d of diffs) for (const c of d.changes) assert.ok(!/labels\.slipway\.dev\/environment|^metadata\.namespace$/.test(c.path), `${d.object}: ${c.path}`);
  assert.ok(!diffs.some((d) => d.object.startsWith('ServiceAccount/api')), 'identical objects are not listed');
  assert.match(formatDiff(diffs, false, { none: 'same', create: '(only in prod)', delete: '(only in dev)' }), /^- StatefulSet\/db \(only in dev\)$/m);
  assert.deepEqual(diffEnvironments(loadStack('test/fixtures/basic.yaml'), 'prod', 'prod'), [], 'an environment equals itself');
});
