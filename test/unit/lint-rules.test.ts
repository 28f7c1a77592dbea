/**
 * Every object rule has fixtures in test/rules-object/<id>/ and every resolved rule in test/rules-resolved/<id>/:
 * each `fail*.yaml` yields exactly one finding of that rule, located (the object's document line, or the stack
 * line) and with a hint; each `pass*.yaml` — one change away from a failing one — yields none of it. Rules that
 * are off by default are turned on for their own fixtures. test/fixtures/lint/clean.yaml, the base the object
 * fixtures change one thing in, passes every rule that is on by default.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readLocatedManifests } from '../../src/analyze/read-manifests.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { refKey } from '../../src/k8s/object.js';
import { lintObjects, lintStack } from '../../src/lint/lint.js';
import { ruleSet } from '../../src/lint/rule-set.js';
import { parseStack } from '../../src/load/load-stack.js';
import { OBJECT_RULES, RESOLVED_RULES, RULES } from '../../src/rules/index.js';

const show = (ds: readonly Diagnostic[]) => ds.map((d) => `  ${d.line}:${d.col} [${d.code}] ${d.object ?? ''} ${d.message}`).join('\n') || '  (none)';
const noStdin = () => '';

function fixtures(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort() : [];
}

test('rule ids are unique across subjects, and every fixture folder belongs to a rule of its subject', () => {
  const ids = RULES.map((r) => r.meta.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const dir of readdirSync('test/rules-object')) assert.ok(OBJECT_RULES.some((r) => r.meta.id === dir), `test/rules-object/${dir} names no object rule`);
  for (const dir of readdirSync('test/rules-resolved')) assert.ok(RESOLVED_RULES.some((r) => r.meta.id === dir), `test/rules-resolved/${dir} names no resolved rule`);
});

test('at least 40 rules check what lint runs, each with a description, a fix and a kebab-case id', () => {
  assert.ok(OBJECT_RULES.length + RESOLVED_RULES.length >= 40, `${OBJECT_RULES.length + RESOLVED_RULES.length} lint rules`);
  for (const { meta } of [...OBJECT_RULES, ...RESOLVED_RULES]) {
    assert.match(meta.id, /^[a-z][a-z0-9-]*$/);
    assert.ok(meta.description && meta.remediation && !meta.description.endsWith('.'), meta.id);
  }
});

test('clean.yaml passes every rule that is on by default, linted as production', () => {
  const located = readLocatedManifests('test/fixtures/lint/clean.yaml', noStdin);
  assert.equal(located.length, 4);
  assert.deepEqual(lintObjects(located), []);
});

for (const rule of OBJECT_RULES) {
  const { id } = rule.meta;
  const dir = join('test/rules-object', id);
  const files = fixtures(dir);
  const rules = ruleSet({ [id]: 'on' });

  test(`object rule ${id} has fail and pass fixtures`, () => {
    assert.ok(files.some((f) => f.startsWith('fail')), `${dir}: no fail*.yaml`);
    assert.ok(files.some((f) => f.startsWith('pass')), `${dir}: no pass*.yaml`);
    for (const f of files) assert.match(f, /^(fail|pass)[-a-z0-9]*\.yaml$/, `${dir}/${f}`);
  });

  for (const file of files) {
    test(`object rule ${id}: ${file}`, () => {
      const path = join(dir, file);
      const located = readLocatedManifests(path, noStdin);
      const found = lintObjects(located, rules).filter((d) => d.ruleId === id);
      if (file.startsWith('pass')) return assert.deepEqual(found, [], `${path}: expected no ${id} finding, got:\n${show(found)}`);
      assert.equal(found.length, 1, `${path}: expected one ${id} finding, got:\n${show(found)}`);
      const [d] = found as [Diagnostic];
      assert.equal(d.code, id, 'a rule reports under its own id');
      assert.equal(d.severity, rule.meta.severity);
      assert.ok(d.hint, 'a finding says how to fix it');
      const object = located.find((l) => refKey(l.object) === d.object);
      assert.ok(object, `the finding names an object of the input (${d.object})`);
      assert.deepEqual([d.file, d.line, d.col], [path, object.line, 1], 'located at the first line of its object');
    });
  }
}

for (const rule of RESOLVED_RULES) {
  const { id } = rule.meta;
  const dir = join('test/rules-resolved', id);
  const files = fixtures(dir);

  test(`resolved rule ${id} has fail and pass fixtures`, () => {
    assert.ok(files.some((f) => f.startsWith('fail')) && files.some((f) => f.startsWith('pass')), dir);
  });

  for (const file of files) {
    test(`resolved rule ${id}: ${file}`, () => {
      const text = readFileSync(join(dir, file), 'utf8');
      const found = lintStack(parseStack(text, 'stack.yaml')).diagnostics.filter((d) => d.ruleId === id);
      if (file.startsWith('pass')) return assert.deepEqual(found, [], show(found));
      assert.equal(found.length, 1, show(found));
      const [d] = found as [Diagnostic];
      assert.equal(d.severity, rule.meta.severity);
      assert.ok(d.file === 'stack.yaml' && d.line && d.col && d.hint, 'located in the stack, with a hint');
    });
  }
}
