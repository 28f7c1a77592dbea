import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CODES } from '../../src/diagnostics/codes.js';
import { rulesMarkdown } from '../../src/rules/docs.js';
import { RULES, SPEC_RULES } from '../../src/rules/index.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every quoted code in a `code:` property, including both arms of `code: x ? 'a' : 'b'`. */
function codesIn(text: string): string[] {
  return [...text.matchAll(/\bcode:\s*([^,\n}]*)/g)].flatMap((m) => [...m[1]!.matchAll(/'([a-z][a-z0-9-]*)'/g)].map((q) => q[1]!));
}

test('every code slipway emits is listed in diagnostics/codes.ts', () => {
  const missing: string[] = [];
  let seen = 0;
  for (const file of sources('src')) {
    for (const code of codesIn(readFileSync(file, 'utf8'))) {
      seen++;
      if (!(code in CODES)) missing.push(`${file}: ${code}`);
    }
  }
  assert.ok(seen > 40, `the scan found only ${seen} codes; is it still reading src/?`);
  assert.deepEqual(missing, [], 'add these to src/diagnostics/codes.ts');
});

test('the code scan sees both arms of a conditional code', () => {
  assert.deepEqual(codesIn("code: duplicate ? 'duplicate-key' : 'yaml-syntax',"), ['duplicate-key', 'yaml-syntax']);
  assert.deepEqual(codesIn('code: issue.code,'), []);
});

test('the rule codes in codes.ts are exactly the stack rule ids; lint rule ids collide with no code', () => {
  const ruleCodes = Object.entries(CODES).filter(([, d]) => d.stage === 'rule').map(([c]) => c).sort();
  assert.deepEqual(ruleCodes, SPEC_RULES.map((r) => r.meta.id).sort());
  // Resolved and object rules report under their ids without a codes.ts entry (docs/rules.md lists them from the registry).
  const lintIds = RULES.filter((r) => r.subject !== 'spec').map((r) => r.meta.id);
  assert.deepEqual(lintIds.filter((id) => id in CODES), []);
});

test('RULES has at least 14 named rules, each with a description and a remediation', () => {
  assert.ok(RULES.length >= 14, `${RULES.length} rules`);
  for (const { meta } of RULES) {
    assert.match(meta.id, /^[a-z][a-z0-9-]*$/);
    assert.ok(meta.description && meta.remediation && !meta.description.endsWith('.'), meta.id);
  }
});

test('docs/rules.md is what scripts/write-rule-docs.ts writes (run `npm run build && npm run docs`)', () => {
  assert.equal(readFileSync('docs/rules.md', 'utf8'), rulesMarkdown());
});
