/**
 * The catalog kit through the binary and through a package that depends on slipway: `--catalog <module>` adds a
 * third-party entry for one run (and bad modules are usage errors, exit 2), and the fixture package type-checks
 * against the types `slipway/catalog-kit` ships (resolved through package.json `exports`).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIXTURE_DIR, installFixture } from '../catalog-kit-fixture.js';
import { slipway, tempDir } from '../helpers.js';

const STACK = join(FIXTURE_DIR, 'stack.yaml');
const MODULE = installFixture();

test('render --catalog <module>: the third-party entry renders its golden objects, from either side of the command', () => {
  const golden = readFileSync(join(FIXTURE_DIR, 'objects.yaml'), 'utf8');
  for (const args of [['render', STACK, '--catalog', MODULE], ['--catalog', MODULE, 'render', STACK]]) {
    const r = slipway(args);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, golden);
  }
});

test('without --catalog the type is unknown: the catalog never outlives the run that loaded it', () => {
  const r = slipway(['validate', STACK]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /stack\.yaml:12:11: error: unknown infra type "memcached" \[unknown-infra-type\]/);
  assert.match(r.stderr, /hint: catalog types: clickhouse, clickhouse-keeper, fluent-bit, grafana, kafka, loki, minio, mongodb, mysql, nacos, nats, opensearch, …; an entry from elsewhere is added with --catalog <module>/);
});

test('bad --catalog modules are usage errors with a hint, never a stack trace', () => {
  const dir = tempDir();
  const notEntry = join(dir, 'not-entry.mjs');
  writeFileSync(notEntry, 'export default { type: "x" };\n');
  const broken = join(dir, 'broken.mjs');
  writeFileSync(broken, 'throw new Error("boom");\n');
  for (const [module, message] of [
    [join(dir, 'missing.js'), /catalog module .*missing\.js not found/],
    [notEntry, /its default export is not a catalog entry/],
    [broken, /failed to load: boom/],
  ] as const) {
    const r = slipway(['validate', STACK, '--catalog', module]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, message);
    assert.match(r.stderr, /hint: a module whose default export is a catalog entry/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
});

test('the fixture package type-checks against the types slipway/catalog-kit ships', () => {
  const tsc = join(process.cwd(), 'node_modules/typescript/bin/tsc');
  const args = ['--noEmit', '--allowJs', '--checkJs', '--strict', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', join(FIXTURE_DIR, 'index.js')];
  const ok = spawnSync(process.execPath, [tsc, ...args], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  // The check has teeth: an entry that misuses a builder fails it.
  const bad = join(FIXTURE_DIR, 'type-error.check.js');
  writeFileSync(bad, "// @ts-check\nimport { serverObjects } from 'slipway/catalog-kit';\nexport const x = serverObjects(1, 2, 3);\n");
  try {
    const r = spawnSync(process.execPath, [tsc, ...args.slice(0, -1), bad], { encoding: 'utf8' });
    assert.notEqual(r.status, 0);
    assert.match(r.stdout, /serverObjects|not assignable/);
  } finally {
    rmSync(bad, { force: true });
  }
});
