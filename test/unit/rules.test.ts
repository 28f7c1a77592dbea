/**
 * Every stack (spec) rule has fixtures in test/rules/<id>/ (the Polaris / kube-linter layout): each `fail*.yaml`
 * makes the whole validation report exactly one finding of that rule, and each `pass*.yaml` is a valid stack
 * close to a failing one. Fixtures are read from the source tree (tests run from the repository root).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { RULES, SPEC_RULES } from '../../src/rules/index.js';
import { diagnose } from '../helpers.js';

const DIR = 'test/rules';

const show = (ds: ReturnType<typeof diagnose>) => ds.map((d) => `  ${d.line}:${d.col} [${d.code}${d.ruleId ? ` rule ${d.ruleId}` : ''}] ${d.message}`).join('\n') || '  (none)';

test('rule ids are unique, and every fixture folder belongs to a rule', () => {
  const ids = RULES.map((r) => r.meta.id);
  assert.equal(new Set(ids).size, ids.length);
  const specIds = SPEC_RULES.map((r) => r.meta.id);
  for (const dir of readdirSync(DIR)) assert.ok(specIds.includes(dir), `test/rules/${dir} names no stack rule`);
});

// Object and resolved rules have their own fixtures (test/unit/lint-rules.test.ts).
for (const rule of SPEC_RULES) {
  const { id } = rule.meta;
  const dir = join(DIR, id);
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort() : [];

  test(`rule ${id} has fail and pass fixtures`, () => {
    assert.ok(files.some((f) => f.startsWith('fail')), `${dir}: no fail*.yaml`);
    assert.ok(files.some((f) => f.startsWith('pass')), `${dir}: no pass*.yaml`);
    for (const f of files) assert.match(f, /^(fail|pass)[-a-z0-9]*\.yaml$/, `${dir}/${f}`);
  });

  for (const file of files) {
    test(`rule ${id}: ${file}`, () => {
      const diags = diagnose(readFileSync(join(dir, file), 'utf8'));
      const found = diags.filter((d) => d.ruleId === id);
      if (file.startsWith('fail')) {
        assert.equal(found.length, 1, `${dir}/${file}: expected one ${id} finding, got:\n${show(diags)}`);
        const [d] = found;
        assert.equal(d!.code, id, 'a rule reports under its own id');
        assert.ok(d!.line && d!.col && d!.hint, `${dir}/${file}: a finding is located and has a hint`);
      } else {
        assert.deepEqual(diags, [], `${dir}/${file}: expected a valid stack, got:\n${show(diags)}`);
      }
    });
  }
}
