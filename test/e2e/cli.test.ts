import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { slipway, stackFile, tempDir } from '../helpers.js';

const BASIC = 'test/fixtures/basic.yaml';

test('render to stdout: valid YAML, deterministic, no secret values', () => {
  const a = slipway(['render', BASIC, '-e', 'dev']);
  assert.equal(a.status, 0, a.stderr);
  const b = slipway(['render', BASIC, '-e', 'dev']);
  assert.equal(a.stdout, b.stdout, 'byte-identical output');
  const docs = parseAllDocuments(a.stdout).map((d) => d.toJS());
  assert.ok(docs.length > 10);
  assert.equal(docs[0].kind, 'Namespace');
  assert.ok(!docs.some((d) => d.kind === 'Secret'), 'generated secrets are omitted by default');
  assert.match(a.stderr, /generated Secret\(s\) not rendered/);
});

test('render -o json gives a List', () => {
  const r = slipway(['render', BASIC, '-e', 'prod', '-o', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const list = JSON.parse(r.stdout);
  assert.equal(list.kind, 'List');
  assert.ok(list.items.some((o: { kind: string; metadata: { name: string } }) => o.kind === 'Deployment' && o.metadata.name === 'detect-acme'));
});

test('render --out writes one file per object, replacing a previous render', () => {
  const out = join(tempDir(), 'out');
  assert.equal(slipway(['render', BASIC, '-e', 'dev', '--out', out]).status, 0);
  const first = readdirSync(out).filter((f) => f.endsWith('.yaml'));
  assert.ok(first.length > 10);
  assert.ok(first[0]!.startsWith('01-namespace-'));
  assert.equal(slipway(['render', BASIC, '-e', 'prod', '--out', out]).status, 0);
  const second = readdirSync(out).filter((f) => f.endsWith('.yaml'));
  assert.ok(!second.some((f) => f.includes('statefulset-db')), 'prod uses an external db: the old StatefulSet file is gone');
});

test('render --out refuses a directory holding foreign files, and writes nothing', () => {
  const out = tempDir();
  writeFileSync(join(out, 'notes.txt'), 'mine');
  const r = slipway(['render', BASIC, '-e', 'dev', '--out', out]);
  assert.equal(r.status, 2);
  assert.deepEqual(readdirSync(out), ['notes.txt']);
});

test('--secrets include derives stable passwords from the project key', () => {
  const dir = tempDir();
  const file = join(dir, 'slipway.yaml');
  writeFileSync(file, readFileSync(BASIC, 'utf8'));
  const a = slipway(['render', file, '-e', 'dev', '--secrets', 'include']);
  assert.equal(a.status, 0, a.stderr);
  assert.ok(existsSync(join(dir, '.slipway', 'secret.key')));
  assert.equal(readFileSync(join(dir, '.slipway', '.gitignore'), 'utf8'), '*\n');
  const b = slipway(['render', file, '-e', 'dev', '--secrets', 'include']);
  assert.equal(a.stdout, b.stdout, 'same key → same passwords');
  const secrets = parseAllDocuments(a.stdout).map((d) => d.toJS()).filter((d) => d.kind === 'Secret');
  assert.ok(secrets.some((s) => s.metadata.name === 'db-credentials'));
  const other = slipway(['render', file, '-e', 'dev', '--secrets', 'include'], { env: { SLIPWAY_SECRET_KEY: 'ab'.repeat(32) } });
  assert.notEqual(other.stdout, a.stdout, 'another key → other passwords');
});

test('bad input: exit 2, file:line:col, code frame, hint, no stack trace, nothing on stdout', () => {
  const file = stackFile('name: shop\nservices:\n  api:\n    image: nginx:1.27\n    replcas: 2\n');
  const r = slipway(['render', file]);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5:5: error: unknown key "replcas"`));
  assert.match(r.stderr, /> 5 \|\s+replcas: 2/);
  assert.match(r.stderr, /hint: did you mean "replicas"\?/);
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
});

test('validate: ok text, json diagnostics, missing file', () => {
  const ok = slipway(['validate', BASIC]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /valid \(environments: dev, prod\)/);
  const bad = slipway(['validate', stackFile('name: Shop\n'), '-o', 'json']);
  assert.equal(bad.status, 2);
  const json = JSON.parse(bad.stdout);
  assert.equal(json.ok, false);
  assert.equal(json.diagnostics[0].code, 'invalid-name');
  const missing = slipway(['validate', 'nope.yaml']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /stack file not found: nope.yaml/);
});

test('environment choice: required when several, unknown one named', () => {
  const r = slipway(['render', BASIC]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /choose one with -e \(dev, prod\)/);
  const u = slipway(['render', BASIC, '-e', 'prd']);
  assert.equal(u.status, 2);
  assert.match(u.stderr, /did you mean "prod"/);
});

test('flags: --help exits 0, unknown flag exits 2', () => {
  assert.equal(slipway(['--help']).status, 0);
  assert.match(slipway(['render', '--help']).stdout, /--secrets <mode>/);
  assert.equal(slipway(['render', '--bogus']).status, 2);
});

test('slipway.yaml in the working directory is the default', () => {
  const file = stackFile('name: solo\nservices:\n  web:\n    image: nginx:1.27\n    ports: {http: 8080}\n');
  const r = slipway(['render'], { cwd: join(file, '..') });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /name: solo/);
});

test('up into a system namespace is refused before any request reaches the cluster (exit 2)', () => {
  const dir = tempDir();
  // A cluster nobody listens on: a refusal that needed the API server would fail differently.
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n');
  const file = join(dir, 'slipway.yaml');
  writeFileSync(file, 'name: shop\nservices:\n  api: {image: ghcr.io/acme/api:1.0.0, ports: {http: 8080}}\n');
  for (const ns of ['kube-system', 'kube-public', 'kube-node-lease']) {
    const r = slipway(['up', '-f', file, '-n', ns], { env: { KUBECONFIG: kubeconfig, SLIPWAY_SECRET_KEY: '0'.repeat(64) } });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`does not deploy into the system namespace ${ns}`));
    assert.doesNotMatch(r.stderr, /ECONNREFUSED|internal error/);
  }
});

test('graph: text by default, mermaid/dot/svg/json on request, --expand, bad environment exits 2', () => {
  const text = slipway(['graph', BASIC, '-e', 'prod']);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^detect \(service, tenants acme globex\)/m);
  const expanded = slipway(['graph', BASIC, '-e', 'prod', '--expand']);
  assert.match(expanded.stdout, /^detect-acme \(service, tenant acme\)/m);
  assert.ok(slipway(['graph', BASIC, '-e', 'prod', '-o', 'mermaid']).stdout.startsWith('flowchart LR\n'));
  assert.ok(slipway(['graph', BASIC, '-e', 'prod', '-o', 'dot']).stdout.startsWith('digraph stack {\n'));
  const svg = slipway(['graph', BASIC, '-e', 'prod', '-o', 'svg']);
  assert.equal(svg.status, 0, svg.stderr);
  assert.match(svg.stdout, /<svg[\s\S]*<\/svg>\n$/);
  const json = JSON.parse(slipway(['graph', BASIC, '-e', 'prod', '-o', 'json']).stdout);
  assert.equal(json.environment, 'prod');
  assert.ok(json.graph.nodes.length > 0);
  const bad = slipway(['graph', BASIC, '-e', 'nope']);
  assert.equal(bad.status, 2);
  assert.equal(bad.stdout, '');
  assert.doesNotMatch(bad.stderr, /\n\s+at /, 'no stack trace');
});

test('analyze: a folder, stdin and a Markdown report; nothing to read exits 2', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'a.yaml'), readFileSync('test/fixtures/analyze/shop.yaml', 'utf8'));
  writeFileSync(join(dir, 'notes.txt'), 'not a manifest');
  const folder = slipway(['analyze', dir]);
  assert.equal(folder.status, 0, folder.stderr);
  assert.match(folder.stdout, /^web \(service\) ~> api \[url\]$/m);
  const render = slipway(['render', BASIC, '-e', 'prod']);
  const piped = spawnSync(process.execPath, ['dist/src/cli/main.js', 'analyze', '-', '-o', 'markdown'], { input: render.stdout, encoding: 'utf8' });
  assert.equal(piped.status, 0, piped.stderr);
  assert.match(piped.stdout, /^# System map\n/);
  assert.match(piped.stdout, /```mermaid\nflowchart LR\n/);
  assert.match(piped.stdout, /^\| worker \| worker \| api \(url\), cache \(redis\) \|/m);
  const none = slipway(['analyze']);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /nothing to analyze/);
  const missing = slipway(['analyze', join(dir, 'nope')]);
  assert.equal(missing.status, 2);
  assert.equal(missing.stdout, '');
});

test('analyze --to-stack writes a draft that validates, and never overwrites a file', () => {
  const dir = tempDir();
  const out = join(dir, 'draft.yaml');
  const first = slipway(['analyze', 'test/fixtures/analyze/shop.yaml', '--to-stack', out]);
  assert.equal(first.status, 0, first.stderr);
  assert.equal(slipway(['validate', out]).status, 0);
  const again = slipway(['analyze', 'test/fixtures/analyze/shop.yaml', '--to-stack', out]);
  assert.equal(again.status, 2);
  assert.match(again.stderr, /already exists/);
});

test('import prints a stack on stdout and notes on stderr; --out writes a new file and never overwrites; bad input exits 2 with nothing on stdout', () => {
  const printed = slipway(['import', 'test/fixtures/compose/shop/compose.yaml']);
  assert.equal(printed.status, 0, printed.stderr);
  assert.match(printed.stdout, /^# Stack imported from compose\.yaml by `slipway import`/);
  assert.match(printed.stderr, /compose\.yaml:36:5: info: api: restart is not mapped/);
  const dir = tempDir();
  const out = join(dir, 'slipway.yaml');
  const written = slipway(['import', 'test/fixtures/compose/shop/compose.yaml', '--out', out]);
  assert.equal(written.status, 0, written.stderr);
  assert.equal(readFileSync(out, 'utf8'), printed.stdout, 'the file holds what stdout shows');
  assert.equal(slipway(['validate', out]).status, 0);
  const again = slipway(['import', 'test/fixtures/compose/shop/compose.yaml', '--out', out]);
  assert.equal(again.status, 2);
  assert.match(again.stderr, /already exists/);
  const bad = join(dir, 'compose.yaml');
  writeFileSync(bad, 'services:\n  api:\n    ports: {http: 80}\n');
  const failed = slipway(['import', bad]);
  assert.equal(failed.status, 2);
  assert.equal(failed.stdout, '');
  assert.match(failed.stderr, /compose\.yaml:2:3: error: service "api" has neither image nor build/);
  assert.match(failed.stderr, /compose\.yaml:3:12: error: not a port/);
  assert.doesNotMatch(failed.stderr, /at .*\.js:\d+/, 'no stack trace');
});

test('render --format kustomize writes base and overlays into --out, replaces its own tree, refuses foreign files and unknown formats', () => {
  const dir = join(tempDir(), 'tree');
  const first = slipway(['render', 'test/fixtures/basic.yaml', '--format', 'kustomize', '--out', dir]);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stderr, /^wrote kustomize for dev, prod to .* \(\d+ files\)$/m);
  assert.ok(existsSync(join(dir, 'base', 'kustomization.yaml')) && existsSync(join(dir, 'overlays', 'prod', 'kustomization.yaml')));
  assert.equal(slipway(['render', 'test/fixtures/basic.yaml', '--format', 'kustomize', '--out', dir]).status, 0, 'its own tree is replaced');
  writeFileSync(join(dir, 'overlays', 'notes.txt'), 'mine');
  const foreign = slipway(['render', 'test/fixtures/basic.yaml', '--format', 'kustomize', '--out', dir]);
  assert.equal(foreign.status, 2);
  assert.match(foreign.stderr, /holds files slipway did not write \(overlays\/notes\.txt\)/);
  const typo = slipway(['render', 'test/fixtures/basic.yaml', '--format', 'kustomise', '--out', join(tempDir(), 'x')]);
  assert.equal(typo.status, 2);
  assert.match(typo.stderr, /unknown format "kustomise"[\s\S]*did you mean "kustomize"/);
  const noOut = slipway(['render', 'test/fixtures/basic.yaml', '--format', 'plain']);
  assert.equal(noOut.status, 2);
  assert.match(noOut.stderr, /add --out/);
});

test('diff -e a -e b compares two environments without a cluster; --exit-code says whether they differ', () => {
  const same = slipway(['diff', '-f', 'test/fixtures/basic.yaml', '-e', 'prod', '-e', 'prod', '--exit-code']);
  assert.equal(same.status, 0, same.stderr);
  assert.equal(same.stdout, 'prod and prod render the same objects\n');
  const differ = slipway(['diff', '-f', 'test/fixtures/basic.yaml', '-e', 'dev', '-e', 'prod', '--exit-code']);
  assert.equal(differ.status, 4, differ.stderr);
  assert.match(differ.stdout, /^- StatefulSet\/db \(only in dev\)$/m);
  const three = slipway(['diff', '-f', 'test/fixtures/basic.yaml', '-e', 'dev', '-e', 'prod', '-e', 'dev']);
  assert.equal(three.status, 2);
});

test('render and up refuse a stack that lint calls broken at error level, before writing or contacting anything, without printing the secret', () => {
  const file = stackFile(['name: shop', 'services:', '  api:', '    image: ghcr.io/example/api:1.0', '    ports: {http: 8080}', '    env:', '      STRIPE_API_KEY: sk_live_abcdefghijklmnop', ''].join('\n'));
  assert.equal(slipway(['validate', file]).status, 0, 'validate accepts it: only the objects show the problem');
  for (const args of [['render', file], ['up', '-f', file, '--context', 'no-such-context']]) {
    const r = slipway(args);
    assert.equal(r.status, 2, `${args[0]}: ${r.stderr}`);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /slipway\.yaml:7:23: error: container "api" sets STRIPE_API_KEY to a literal value \[secret-in-env\]/);
    assert.doesNotMatch(r.stderr, /sk_live/, 'the secret value is never printed');
  }
});
