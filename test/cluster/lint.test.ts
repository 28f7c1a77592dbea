/**
 * `lint --cluster` on a live namespace: the manifests applied to the real API server (which adds its defaults,
 * and whose controllers add ReplicaSets and Pods) give the same findings, object for object, as the manifests
 * themselves — so what the server fills in changes no verdict, and controller-made objects do not repeat their
 * owner's findings.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { slipway } from '../helpers.js';
import { createNamespace, dropNamespace, kubectl, serverSideApply, waitAllReady, writeTemp } from './kube.js';

const CLEAN = readFileSync('test/fixtures/lint/clean.yaml', 'utf8');
/** One error (privileged) and three warnings (so privilege escalation, no CPU request, no PodDisruptionBudget). */
const BROKEN = CLEAN.replace('allowPrivilegeEscalation: false', 'privileged: true')
  .replace('requests: {cpu: 100m, memory: 128Mi, ephemeral-storage: 64Mi}', 'requests: {memory: 128Mi, ephemeral-storage: 64Mi}')
  .replace(/---\napiVersion: policy\/v1[\s\S]*?(?=---)/, '');

type Finding = { ruleId: string; object: string; severity: string; file?: string };
const findings = (stdout: string) => (JSON.parse(stdout) as { diagnostics: Finding[] }).diagnostics.map((d) => `${d.severity} ${d.ruleId} ${d.object}`).sort();

test('lint --cluster finds on a live namespace what lint finds on its manifests', () => {
  const ns = createNamespace('lint-live');
  try {
    lintLive(ns);
  } finally {
    dropNamespace(ns);
  }
});

function lintLive(ns: string): void {
  const manifests = writeTemp('app.yaml', BROKEN.replaceAll('namespace: shop', `namespace: ${ns}`));
  const applied = serverSideApply(manifests);
  assert.equal(applied.status, 0, applied.stderr);
  waitAllReady(ns);

  const offline = slipway(['lint', manifests, '-o', 'json']);
  const live = slipway(['lint', '--cluster', '-n', ns, '-o', 'json']);
  assert.equal(live.status, 1, live.stdout + live.stderr);
  assert.deepEqual(findings(live.stdout), findings(offline.stdout));
  assert.deepEqual(findings(live.stdout), [
    `error privileged-container Deployment/${ns}/api`,
    `warning missing-pdb Deployment/${ns}/api`,
    `warning privilege-escalation Deployment/${ns}/api`,
    `warning requests-missing Deployment/${ns}/api`,
  ]);
  assert.ok((JSON.parse(live.stdout) as { diagnostics: Finding[] }).diagnostics.every((d) => d.file === undefined), 'a live object has no file');
  const text = slipway(['lint', '--cluster', '-n', ns]);
  assert.match(text.stdout, new RegExp(`^Deployment/${ns}/api\\n(  .*\\n)*  error: container "api" is privileged \\[privileged-container\\]$`, 'm'), 'a live finding is named by its object alone');
}

test('every object-rule fixture is a manifest the API server accepts, except the two whose rules say it refuses them', () => {
  const ns = createNamespace('lint-fixtures');
  try {
    const refused: string[] = [];
    for (const rule of readdirSync('test/rules-object')) {
      for (const file of readdirSync(join('test/rules-object', rule))) {
        const text = readFileSync(join('test/rules-object', rule, file), 'utf8').replaceAll('namespace: shop', `namespace: ${ns}`);
        const r = kubectl(['apply', '--dry-run=server', '-f', writeTemp(file, text)]);
        if (r.status !== 0) refused.push(`${rule}/${file}: ${r.stderr.trim()}`);
      }
    }
    assert.equal(refused.length, 2, refused.join('\n'));
    assert.match(refused[0]!, /^deprecated-api\/fail\.yaml: .*no matches for kind "PodDisruptionBudget" in version "policy\/v1beta1"/);
    assert.match(refused[1]!, /^selector-mismatch\/fail\.yaml: .*`selector` does not match template `labels`/);
  } finally {
    dropNamespace(ns);
  }
});
