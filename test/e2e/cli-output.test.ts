/**
 * The binary's contract for machines and for failures: `-o json` on every command, usage errors for bad numbers,
 * filesystem problems as user errors, quiet ends in a closed pipe, and private Secret files.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, slipway, stackFile, tempDir } from '../helpers.js';

const BASIC = 'test/fixtures/basic.yaml';

/** A kubeconfig that names no cluster: cluster commands fail before any network call. */
const noCluster = () => {
  const file = join(tempDir(), 'kubeconfig');
  writeFileSync(file, '');
  return { KUBECONFIG: file };
};

interface JsonDiagnostics {
  ok: boolean;
  diagnostics: { code: string; message: string; severity: string; hint?: string }[];
}

/** Exit 2, exactly one JSON document on stdout holding one error diagnostic, nothing on stderr. */
function oneJsonDiagnostic(r: { status: number | null; stdout: string; stderr: string }, oneLine: boolean): JsonDiagnostics['diagnostics'][number] {
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.equal(r.stderr, '');
  if (oneLine) assert.equal(r.stdout.trimEnd().split('\n').length, 1, `a JSON-lines command fails on one line: ${r.stdout}`);
  const report = JSON.parse(r.stdout) as JsonDiagnostics;
  assert.equal(report.ok, false);
  assert.equal(report.diagnostics.length, 1);
  assert.equal(report.diagnostics[0]!.severity, 'error');
  return report.diagnostics[0]!;
}

test('numeric flags: non-numbers, 0 and negatives are usage errors with one diagnostic', () => {
  const env = noCluster();
  const cases: [string[], RegExp][] = [
    [['up', BASIC, '-e', 'dev', '--timeout', 'abc'], /^--timeout must be a whole number of seconds above 0, got "abc"$/],
    [['up', BASIC, '-e', 'dev', '--timeout', '0'], /got "0"/],
    [['up', BASIC, '-e', 'dev', '--timeout', '-5'], /got "-5"/],
    [['up', BASIC, '-e', 'dev', '--timeout', '1.5'], /got "1.5"/],
    [['rollback', '-f', BASIC, '-e', 'dev', '--timeout', 'x'], /^--timeout must/],
    [['logs', 'api', '-f', BASIC, '-e', 'dev', '--since', 'x'], /^--since must be a whole number of seconds above 0, got "x"$/],
    [['rollback', 'x', '-f', BASIC, '-e', 'dev'], /^the revision must be a whole number above 0, got "x"$/],
  ];
  for (const [args, message] of cases) {
    const text = slipway(args, { env });
    assert.equal(text.status, 2, args.join(' '));
    assert.equal(text.stdout, '');
    assert.match(text.stderr, /^error: .* \[usage\]\n {2}hint: e\.g\. .*\n\n1 error\n$/);
    const d = oneJsonDiagnostic(slipway([...args, '-o', 'json'], { env }), true);
    assert.equal(d.code, 'usage');
    assert.match(d.message, message, args.join(' '));
  }
});

test('-o json on every cluster command: a JSON diagnostic on stdout when no cluster is configured', () => {
  const env = noCluster();
  const commands: [string[], boolean][] = [
    [['up', BASIC], true],
    [['rollback', '-f', BASIC], true],
    [['down', BASIC], true],
    [['logs', 'api', '-f', BASIC], true],
    [['diff', BASIC], false],
    [['status', BASIC], false],
    [['history', BASIC], false],
  ];
  for (const [args, jsonLines] of commands) {
    const d = oneJsonDiagnostic(slipway([...args, '-e', 'dev', '-o', 'json'], { env }), jsonLines);
    assert.match(d.message, /kubeconfig/, args[0]);
    // The same failure in text: on stderr, stdout untouched.
    const text = slipway([...args, '-e', 'dev'], { env });
    assert.equal(text.status, 2);
    assert.equal(text.stdout, '');
    assert.match(text.stderr, /^error: cannot read kubeconfig/m);
  }
});

test('-o json: stack errors and unknown flags are JSON diagnostics too', () => {
  const bad = oneJsonDiagnostic(slipway(['status', '-f', stackFile('name: Shop\n'), '-o', 'json'], { env: noCluster() }), false);
  assert.equal(bad.code, 'invalid-name');
  const flag = oneJsonDiagnostic(slipway(['history', BASIC, '--bogus', '-o', 'json']), false);
  assert.match(flag.message, /unknown option '--bogus'/);
  const textFlag = slipway(['history', BASIC, '--bogus']);
  assert.match(textFlag.stderr, /^error: unknown option '--bogus' \[usage\]$/m);
});

test('validate -o json and -o sarif', () => {
  const ok = slipway(['validate', BASIC, '-o', 'json']);
  assert.equal(ok.status, 0, ok.stderr);
  assert.deepEqual(JSON.parse(ok.stdout), { ok: true, environments: ['dev', 'prod'], diagnostics: [] });
  const file = stackFile('name: shop\nservices:\n  api:\n    image: nginx:1.27\n    replcas: 2\n');
  const bad = slipway(['validate', file, '-o', 'sarif']);
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr, '');
  const log = JSON.parse(bad.stdout);
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs[0].tool.driver.name, 'slipway');
  assert.deepEqual(log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id), ['unknown-key']);
  const [result] = log.runs[0].results;
  assert.equal(result.ruleId, 'unknown-key');
  assert.equal(result.level, 'error');
  assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 5, startColumn: 5 });
  assert.match(result.locations[0].physicalLocation.artifactLocation.uri, /^file:\/\/.*slipway\.yaml$/);
  const clean = slipway(['validate', BASIC, '-o', 'sarif']);
  assert.equal(clean.status, 0);
  assert.deepEqual(JSON.parse(clean.stdout).runs[0].results, []);
});

/** Exit 2, one filesystem diagnostic naming the path and the cause, never "a bug", no stack trace. */
function fsFailure(r: { status: number | null; stdout: string; stderr: string }, message: RegExp): void {
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, message);
  assert.match(r.stderr, /\n\n1 error\n$/);
  assert.doesNotMatch(r.stderr, /bug|internal|\bat .*\.js:\d+/);
}

test('render --out: filesystem problems are user errors with the path and the cause', () => {
  const file = join(tempDir(), 'taken');
  writeFileSync(file, 'mine');
  fsFailure(slipway(['render', BASIC, '-e', 'dev', '--out', file]), new RegExp(`error: cannot write ${file}: it is a file, not a directory`));
  assert.equal(readFileSync(file, 'utf8'), 'mine');
  fsFailure(slipway(['render', BASIC, '-e', 'dev', '--out', join(file, 'x')]), /cannot write .*taken\/x: a part of the path is a file, not a directory/);
  fsFailure(slipway(['render', BASIC, '-e', 'dev', '--out', '/etc/passwd/x']), /cannot write \/etc\/passwd\/x: a part of the path is a file/);
  fsFailure(slipway(['render', BASIC, '-e', 'dev', '--out', '/proc/x']), /cannot write \/proc\/x: \/proc does not accept new files/);
  // sysfs refuses new entries even to root.
  fsFailure(slipway(['render', BASIC, '-e', 'dev', '--out', '/sys/x']), /cannot write \/sys\/x: (operation not permitted|permission denied)/);
  const json = oneJsonDiagnostic(slipway(['render', BASIC, '-e', 'dev', '--out', file, '-o', 'json']), false);
  assert.equal(json.code, 'filesystem');
});

test('a full disk behind stdout is a user error, not a crash', () => {
  const full = openSync('/dev/full', 'w');
  try {
    const r = spawnSync(process.execPath, [CLI, 'render', BASIC, '-e', 'dev'], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
    fsFailure({ status: r.status, stdout: '', stderr: r.stderr.replace(/^note: .*\n/m, '') }, /^error: cannot write to standard output: no space left on the device \[filesystem\]$/m);
  } finally {
    closeSync(full);
  }
});

test('a directory where the key file or the stack file should be: exit 2 with the path', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'slipway.yaml'), readFileSync(BASIC, 'utf8'));
  mkdirSync(join(dir, '.slipway', 'secret.key'), { recursive: true });
  const key = slipway(['render', join(dir, 'slipway.yaml'), '-e', 'dev', '--secrets', 'include']);
  fsFailure(key, /secret key .*\.slipway\/secret\.key is a directory/);
  fsFailure(slipway(['render', dir]), new RegExp(`cannot read the stack file ${dir}: it is a directory`));
});

test('render | head -1: a reader that stops early ends the run quietly with exit 0', () => {
  // No infra, so no notes: stderr must stay empty. 300 services render to far more than a pipe buffer.
  const services = Array.from({ length: 300 }, (_, i) => `  svc${i}:\n    image: nginx:1.27\n    ports: {http: 8080}\n`).join('');
  const file = stackFile(`name: big\nservices:\n${services}`);
  const full = slipway(['render', file]);
  assert.equal(full.status, 0, full.stderr);
  assert.ok(full.stdout.length > 256 * 1024, 'bigger than any pipe buffer');
  const r = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" render "${file}" 2>"${file}.err" | head -1; echo "\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
  assert.deepEqual(r.stdout.split('\n'), ['---', '0', '']);
  assert.equal(readFileSync(`${file}.err`, 'utf8'), '');
});

test('render --secrets include --out: Secret files are 0600, the others 0644', () => {
  const dir = tempDir();
  const file = join(dir, 'slipway.yaml');
  writeFileSync(file, readFileSync(BASIC, 'utf8'));
  const out = join(dir, 'out');
  const old = process.umask(0o022);
  try {
    const r = slipway(['render', file, '-e', 'dev', '--secrets', 'include', '--out', out]);
    assert.equal(r.status, 0, r.stderr);
  } finally {
    process.umask(old);
  }
  const modes = new Map(readdirSync(out).filter((f) => f.endsWith('.yaml')).map((f) => [f, statSync(join(out, f)).mode & 0o777]));
  const secrets = [...modes].filter(([f]) => /^\d+-secret-/.test(f));
  assert.ok(secrets.some(([f]) => f.endsWith('-secret-db-credentials.yaml')), [...modes.keys()].join(' '));
  for (const [f, mode] of modes) assert.equal(mode, /^\d+-secret-/.test(f) ? 0o600 : 0o644, f);
  assert.ok(modes.size > secrets.length);
});
