/**
 * Agreement with kube-score (docs/lint-agreement.md): both tools re-run on every example's renders and the lint
 * corpus. Fails when kube-score has a check the map neither covers nor lists as deliberately not covered, when
 * kube-score flags an object for a covered check that none of the mapped rules flags (and no listed exception
 * explains), or when the committed table is not what this run produces.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { agreementMarkdown, computeAgreement, kubeScoreBinary } from '../../scripts/lint-agreement.js';
import { isCovered, KUBE_SCORE_MAP } from '../../scripts/lint-agreement-map.js';

const agreement = computeAgreement(kubeScoreBinary());

test('every kube-score check is covered by slipway rules or listed as deliberately not covered', () => {
  assert.deepEqual(agreement.unmapped, [], 'kube-score checks neither mapped nor listed in scripts/lint-agreement-map.ts');
  assert.deepEqual(agreement.unknownRules, [], 'the map names rules slipway does not have');
  const listed = new Set(agreement.rows.map((r) => r.id));
  assert.deepEqual(Object.keys(KUBE_SCORE_MAP).filter((id) => !listed.has(id)), [], 'the map lists checks kube-score does not have');
});

test('on every input, each object kube-score flags for a covered check is flagged by a mapped rule', () => {
  const missed = agreement.rows.flatMap((r) => r.missed.map((m) => `${r.id}: ${m}`));
  assert.deepEqual(missed, []);
  // The comparison has something to compare: every covered check that kube-score raised was matched by slipway.
  for (const r of agreement.rows) if (isCovered(KUBE_SCORE_MAP[r.id]!) && r.kubeScore > r.excepted) assert.ok(r.slipway > 0, r.id);
});

test('the corpus makes kube-score raise most covered checks, so agreement is tested, not assumed', () => {
  const silent = agreement.rows.filter((r) => isCovered(KUBE_SCORE_MAP[r.id]!) && r.kubeScore === 0).map((r) => r.id);
  assert.deepEqual(silent, [], 'covered checks no input triggers: add a manifest to test/lint-corpus/');
});

test('docs/lint-agreement.md is the table this run produces (npm run agreement)', () => {
  assert.equal(readFileSync('docs/lint-agreement.md', 'utf8'), agreementMarkdown(agreement));
});
