/**
 * The malformed-stack corpus: every file in test/corpus has exactly one intended mistake and a header of
 * `# expect-*` comment lines saying which diagnostic slipway must report for it, and where. The header
 * is part of the file, so expected line numbers count it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnose, slipway } from '../helpers.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';

const DIR = 'test/corpus';

interface Expectation {
  code: string;
  message: string;
  at?: string;
  hint?: string;
  env?: string;
  cluster?: string;
}

const FIELDS = new Set(['code', 'message', 'at', 'hint', 'env', 'cluster']);

/** The leading `# expect-name: value` lines of a corpus file. */
function expectation(file: string, text: string): Expectation {
  const found: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^# expect-([a-z]+):\s?(.*)$/.exec(line);
    if (!m) break;
    const [, name, value] = m as unknown as [string, string, string];
    assert.ok(FIELDS.has(name), `${file}: unknown header expect-${name}`);
    assert.ok(!(name in found), `${file}: expect-${name} given twice`);
    found[name] = value.trim();
  }
  assert.ok(found.code, `${file}: missing # expect-code header`);
  assert.ok(found.message, `${file}: missing # expect-message header`);
  if (found.at) assert.match(found.at, /^\d+:\d+$/, `${file}: expect-at must be line:col`);
  return found as unknown as Expectation;
}

const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

const show = (ds: Diagnostic[]) =>
  ds.map((d) => `  ${d.line}:${d.col} [${d.code}] ${d.message}${d.hint ? ` | hint: ${d.hint}` : ''}${d.environment ? ` | env: ${d.environment}` : ''}${d.cluster ? ` | cluster: ${d.cluster}` : ''}`).join('\n');

test('the corpus has at least 45 files, each named NN-short-name.yaml (NNN past 99)', () => {
  assert.ok(files.length >= 45, `only ${files.length} corpus files`);
  for (const f of files) assert.match(f, /^\d{2,3}-[a-z0-9-]+\.yaml$/, f);
  const numbers = files.map((f) => Number(f.slice(0, f.indexOf('-'))));
  assert.equal(new Set(numbers).size, numbers.length, 'corpus numbers must be unique');
});

for (const file of files) {
  test(`corpus ${file}`, () => {
    const text = readFileSync(join(DIR, file), 'utf8');
    const want = expectation(file, text);
    // diagnose turns SlipwayError into diagnostics; anything thrown here is a crash.
    let diags: Diagnostic[] = [];
    assert.doesNotThrow(() => {
      diags = diagnose(text);
    }, `${file}: validation crashed`);
    assert.ok(diags.length > 0, `${file}: expected diagnostics, got none`);
    const sameCode = diags.filter((d) => d.code === want.code);
    const context = `\n${file} reported:\n${show(diags)}`;
    assert.ok(sameCode.length, `${file}: no diagnostic with code ${want.code}${context}`);
    const withMessage = sameCode.filter((d) => d.message.includes(want.message));
    assert.ok(withMessage.length, `${file}: no ${want.code} message containing ${JSON.stringify(want.message)}${context}`);
    const match = withMessage.find(
      (d) =>
        (want.at === undefined || `${d.line}:${d.col}` === want.at) &&
        (want.hint === undefined || (d.hint ?? '').includes(want.hint)) &&
        d.environment === (want.env || undefined) &&
        d.cluster === (want.cluster || undefined),
    );
    if (!match) {
      const d = withMessage[0]!;
      // Compare field by field so the failure says exactly what differs.
      if (want.at !== undefined) assert.equal(`${d.line}:${d.col}`, want.at, `${file}: position${context}`);
      if (want.hint !== undefined) assert.ok((d.hint ?? '').includes(want.hint), `${file}: hint ${JSON.stringify(d.hint)} does not contain ${JSON.stringify(want.hint)}${context}`);
      assert.equal(d.environment, want.env || undefined, `${file}: environment${context}`);
      assert.equal(d.cluster, want.cluster || undefined, `${file}: cluster${context}`);
      assert.fail(`${file}: no single diagnostic matches every expectation${context}`);
    }
  });
}

const CLI_FILES = ['03-yaml-tab-indentation.yaml', '08-unknown-key-service.yaml', '32-dependency-cycle.yaml', '50-env-only-external-without-host.yaml', '54-uses-entry-two-keys.yaml'];

for (const file of CLI_FILES) {
  test(`slipway validate ${file} fails with located errors`, () => {
    const path = join(DIR, file);
    const want = expectation(file, readFileSync(path, 'utf8'));
    const r = slipway(['validate', path]);
    assert.equal(r.status, 2, `exit status; stderr:\n${r.stderr}`);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error:`));
    if (want.at) assert.ok(r.stderr.includes(`${path}:${want.at}: error:`), `expected an error at ${path}:${want.at}:\n${r.stderr}`);
    assert.ok(r.stderr.includes(`[${want.code}]`), r.stderr);
    assert.ok(r.stderr.includes('hint:'), r.stderr);
    if (want.env) assert.ok(r.stderr.includes(`(in environment "${want.env}")`), r.stderr);
    assert.doesNotMatch(r.stderr, /^ {4}at /m, 'no stack trace');
  });
}
