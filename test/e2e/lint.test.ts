/**
 * `slipway lint` through the binary: a stack (findings at its lines, with a code frame), manifests from files,
 * folders, stdin and a Kustomize folder (findings at each object's file and line), the three output formats,
 * `--fail-on` exit codes, the config file, inline ignores, and bad input (exit 2).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, slipway, stackFile, tempDir } from '../helpers.js';
import { sarifProblems } from '../sarif.js';
import { RULES } from '../../src/rules/index.js';

const CLEAN = readFileSync('test/fixtures/lint/clean.yaml', 'utf8');
/** The clean manifests with one privileged container (an error; privilege escalation then is a warning) and no CPU request (a warning). */
const BROKEN = CLEAN.replace('allowPrivilegeEscalation: false', 'privileged: true').replace('requests: {cpu: 100m, memory: 128Mi, ephemeral-storage: 64Mi}', 'requests: {memory: 128Mi, ephemeral-storage: 64Mi}');
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

function manifests(text: string, name = 'app.yaml'): string {
  const file = join(tempDir(), name);
  writeFileSync(file, text);
  return file;
}

test('lint manifests: text grouped by object, each finding at its file:line, exit 1 on an error', () => {
  // A ConfigMap first, so the Deployment's document does not start on line 1.
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra, namespace: shop}\ndata: {a: b}\n---\n${BROKEN}`;
  const file = manifests(text);
  const r = slipway(['lint', file]);
  assert.equal(r.status, 1, r.stderr);
  const line = lineOf(text, 'apiVersion: apps/v1');
  assert.equal(line, 7);
  assert.match(r.stdout, /^Deployment\/shop\/api$/m);
  assert.match(r.stdout, new RegExp(`^  ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${line}:1: error: container "api" is privileged \\[privileged-container\\]$`, 'm'));
  assert.match(r.stdout, /warning: container "api" requests no cpu \[requests-missing\]/);
  assert.match(r.stdout, /warning: container "api" allows privilege escalation \[privilege-escalation\]/);
  assert.match(r.stdout, /^1 error, 2 warnings in 5 objects$/m);
  assert.equal(r.stderr, '');
});

test('lint --fail-on: warning fails on warnings, none never fails, error ignores warnings', () => {
  const warnOnly = manifests(CLEAN.replace('requests: {cpu: 100m, memory: 128Mi, ephemeral-storage: 64Mi}', 'requests: {memory: 128Mi, ephemeral-storage: 64Mi}'));
  assert.equal(slipway(['lint', warnOnly]).status, 0);
  assert.equal(slipway(['lint', warnOnly, '--fail-on', 'warning']).status, 1);
  assert.equal(slipway(['lint', manifests(BROKEN), '--fail-on', 'none']).status, 0);
  const clean = slipway(['lint', manifests(CLEAN), '--fail-on', 'warning']);
  assert.equal(clean.status, 0, clean.stdout);
  assert.match(clean.stdout, /no findings \(4 objects, \d+ rules\)/);
});

test('lint -o json and -o sarif: located findings; SARIF 2.1.0 with every rule described from the registry', () => {
  const file = manifests(BROKEN);
  const json = slipway(['lint', file, '-o', 'json']);
  assert.equal(json.status, 1);
  const report = JSON.parse(json.stdout) as { ok: boolean; diagnostics: { ruleId: string; severity: string; object: string; file: string; line: number; field?: string }[] };
  assert.equal(report.ok, false);
  assert.deepEqual(
    report.diagnostics.map((d) => [d.ruleId, d.severity, d.object, d.file, d.line, d.field]),
    [
      ['privilege-escalation', 'warning', 'Deployment/shop/api', file, 2, 'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation'],
      ['privileged-container', 'error', 'Deployment/shop/api', file, 2, 'spec.template.spec.containers[0].securityContext.privileged'],
      ['requests-missing', 'warning', 'Deployment/shop/api', file, 2, 'spec.template.spec.containers[0].resources.requests'],
    ],
  );
  const sarif = slipway(['lint', file, '-o', 'sarif']);
  assert.equal(sarif.status, 1);
  const log = JSON.parse(sarif.stdout) as { runs: { tool: { driver: { rules: { id: string; shortDescription?: { text: string }; help?: { text: string }; defaultConfiguration: { level: string; enabled?: boolean } }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
  assert.deepEqual(sarifProblems(log), []);
  const { rules } = log.runs[0]!.tool.driver;
  assert.deepEqual(rules.map((r) => r.id), RULES.map((r) => r.meta.id).sort());
  const privileged = rules.find((r) => r.id === 'privileged-container')!;
  assert.match(privileged.shortDescription!.text, /privileged/);
  assert.match(privileged.help!.text, /drop securityContext.privileged/);
  assert.deepEqual(privileged.defaultConfiguration, { enabled: true, level: 'error' });
  assert.equal(rules.find((r) => r.id === 'cpu-limit-missing')!.defaultConfiguration.enabled, false);
  assert.deepEqual(log.runs[0]!.results.map((r) => [r.ruleId, r.level, r.locations[0]!.physicalLocation.region.startLine]), [['privilege-escalation', 'warning', 2], ['privileged-container', 'error', 2], ['requests-missing', 'warning', 2]]);
});

test('lint reads folders, stdin and a Kustomize folder as analyze does', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'a.yaml'), CLEAN);
  mkdirSync(join(dir, 'more'));
  writeFileSync(join(dir, 'more', 'b.yaml'), BROKEN.replaceAll('namespace: shop', 'namespace: other'));
  const folder = slipway(['lint', dir, '-o', 'json']);
  const files = (JSON.parse(folder.stdout) as { diagnostics: { file: string }[] }).diagnostics.map((d) => d.file);
  assert.deepEqual([...new Set(files)], [join(dir, 'more', 'b.yaml')]);
  const piped = spawnSync(process.execPath, [CLI, 'lint', '-'], { input: BROKEN, encoding: 'utf8' });
  assert.equal(piped.status, 1);
  assert.match(piped.stdout, /^  <stdin>:2:1: error: container "api" is privileged/m);
  const kustomize = join(tempDir(), 'overlay');
  mkdirSync(kustomize);
  writeFileSync(join(kustomize, 'app.yaml'), BROKEN);
  writeFileSync(join(kustomize, 'kustomization.yaml'), 'resources: [app.yaml]\n');
  const k = slipway(['lint', kustomize]);
  assert.equal(k.status, 1, k.stderr);
  assert.match(k.stdout, /error: container "api" is privileged \[privileged-container\]/);
});

test('lint a stack: findings at the stack line with a code frame; production rules only in production', () => {
  const text = [
    'name: shop',
    'services:',
    '  api:',
    '    image: ghcr.io/acme/api',
    '    ports: { http: 8080 }',
    '    env:',
    '      API_TOKEN: abc123',
    'environments:',
    '  dev: {}',
    '  prod:',
    '    profile: production',
    '    services:',
    '      api:',
    '        replicas: 1',
    '',
  ].join('\n');
  const file = stackFile(text);
  const dev = slipway(['lint', file, '-e', 'dev', '-o', 'json']);
  assert.equal(dev.status, 1, dev.stderr);
  const found = (r: { stdout: string }) => (JSON.parse(r.stdout) as { diagnostics: { ruleId: string; line: number; path: string }[] }).diagnostics.map((d) => [d.ruleId, d.line, d.path]);
  assert.deepEqual(found(dev), [
    ['image-tag-latest', 4, 'services.api.image'],
    ['secret-in-env', 7, 'services.api.env.API_TOKEN'],
  ]);
  const prod = slipway(['lint', file, '-e', 'prod']);
  assert.equal(prod.status, 1);
  assert.match(prod.stdout, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:14:19: warning: Deployment api runs 1 replica \\(in environment "prod"\\) \\[single-replica\\]`));
  assert.match(prod.stdout, /> 14 \|\s+replicas: 1/, 'a code frame at the overlay line that sets it');
  assert.doesNotMatch(prod.stdout, /abc123/, 'a secret value is never printed');
});

test('lint ignores: an annotation or a stack comment with a reason drops the finding; without one it stays and says so', () => {
  const annotated = BROKEN.replace("metadata: {name: api, namespace: shop}\nspec:\n  replicas", "metadata:\n  name: api\n  namespace: shop\n  annotations: {ignore.lint.slipway.dev/privileged-container: 'CNI agent, reviewed'}\nspec:\n  replicas");
  assert.notEqual(annotated, BROKEN);
  const r = slipway(['lint', manifests(annotated)]);
  assert.equal(r.status, 0, r.stdout);
  assert.doesNotMatch(r.stdout, /privileged-container/);
  const reasonless = slipway(['lint', manifests(annotated.replace("'CNI agent, reviewed'", "''"))]);
  assert.equal(reasonless.status, 1);
  assert.match(reasonless.stdout, /is privileged \(an ignore names this rule but gives no reason, so it does not apply\)/);
  const typo = slipway(['lint', manifests(annotated.replace('privileged-container:', 'privileged-containr:'))]);
  assert.match(typo.stdout, /warning: the ignore annotation names no rule "privileged-containr" \[unknown-rule\]\n.*did you mean "privileged-container"\?/);

  const stack = stackFile('name: shop\nservices:\n  api:\n    # lint-ignore image-tag-latest: the dev image is rebuilt on every push\n    image: ghcr.io/acme/api\n    ports: { http: 8080 }\n');
  const s = slipway(['lint', stack, '--fail-on', 'warning']);
  assert.equal(s.status, 0, s.stdout);
});

test('lint config: rules on, off or at another severity; an unknown id is exit 2 with did-you-mean at its line', () => {
  const dir = tempDir();
  const file = join(dir, 'app.yaml');
  writeFileSync(file, BROKEN);
  writeFileSync(join(dir, '.slipway-lint.yaml'), 'rules:\n  privileged-container: warning\n  requests-missing: off\n  cpu-limit-missing: on\n');
  const r = slipway(['lint', 'app.yaml', '-o', 'json'], { cwd: dir });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const ds = (JSON.parse(r.stdout) as { diagnostics: { ruleId: string; severity: string }[] }).diagnostics.map((d) => [d.ruleId, d.severity]);
  assert.deepEqual(ds, [['privilege-escalation', 'warning'], ['cpu-limit-missing', 'info'], ['privileged-container', 'warning']]);
  writeFileSync(join(dir, 'strict.yaml'), 'rules:\n  privileged-container: error\n  run-as-roots: off\n');
  const bad = slipway(['lint', 'app.yaml', '--config', 'strict.yaml'], { cwd: dir });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /strict\.yaml:3:3: error: unknown rule "run-as-roots" \[invalid-lint-config\]/);
  assert.match(bad.stderr, /hint: did you mean "run-as-root"\?/);
  writeFileSync(join(dir, 'paths.yaml'), 'ignorePaths: ["*.yaml"]\n');
  assert.equal(slipway(['lint', 'app.yaml', '--config', 'paths.yaml'], { cwd: dir }).status, 0, 'an ignored path is not linted');
});

test('lint bad input exits 2: invalid YAML, a stack validate refuses, -e with manifests; --help documents exit codes', () => {
  const yaml = slipway(['lint', manifests('kind: [\n')]);
  assert.equal(yaml.status, 2);
  assert.match(yaml.stderr, /app\.yaml:2:1: .*\n[\s\S]*hint: each document must be valid YAML/);
  const invalid = slipway(['lint', stackFile('name: shop\nservices:\n  api:\n    image: nginx:1.27\n    replcas: 2\n')]);
  assert.equal(invalid.status, 2);
  assert.match(invalid.stderr, /:5:5: error: unknown key "replcas"/);
  const env = slipway(['lint', manifests(CLEAN), '-e', 'prod']);
  assert.equal(env.status, 2);
  assert.match(env.stderr, /-e names an environment of a stack/);
  const help = slipway(['lint', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /Exit codes: 0 no finding at or above --fail-on · 1 a finding at or above --fail-on/);
  assert.match(help.stdout, /2 bad input/);
});

test('lint config overrides: settings per path, the last matching override winning', () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'legacy'));
  writeFileSync(join(dir, 'app.yaml'), BROKEN);
  writeFileSync(join(dir, 'legacy', 'old.yaml'), BROKEN.replaceAll('namespace: shop', 'namespace: old'));
  writeFileSync(
    join(dir, '.slipway-lint.yaml'),
    'rules:\n  requests-missing: off\noverrides:\n  - files: [legacy/**]\n    rules: { privileged-container: warning, requests-missing: on }\n  - files: ["**/old.yaml"]\n    rules: { privileged-container: info }\n',
  );
  const r = slipway(['lint', '.', '-o', 'json'], { cwd: dir });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const ds = (JSON.parse(r.stdout) as { diagnostics: { ruleId: string; severity: string; file: string }[] }).diagnostics.map((d) => [d.file, d.ruleId, d.severity]);
  assert.deepEqual(ds, [
    ['app.yaml', 'privilege-escalation', 'warning'],
    ['app.yaml', 'privileged-container', 'error'],
    [join('legacy', 'old.yaml'), 'privilege-escalation', 'warning'],
    [join('legacy', 'old.yaml'), 'privileged-container', 'info'],
    [join('legacy', 'old.yaml'), 'requests-missing', 'warning'],
  ]);
});
