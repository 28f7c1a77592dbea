import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { instantiate, loadPrecompiled, VALIDATOR_CACHE, VALIDATOR_SOURCE, wrapValidator } from '../../src/validate/precompiled.js';

const dir = new URL('../../src/validate/', import.meta.url);
const source = wrapValidator(readFileSync(new URL(VALIDATOR_SOURCE, dir), 'utf8'));
const file = fileURLToPath(new URL(VALIDATOR_SOURCE, dir));

test('the build writes a code cache this Node accepts, so the CLI skips compiling the validator', () => {
  const { script, validate } = instantiate(source, file, readFileSync(new URL(VALIDATOR_CACHE, dir)));
  assert.equal(script.cachedDataRejected, false);
  assert.equal(validate({ name: 'shop', services: { api: { image: 'ghcr.io/acme/api:1.0.0' } } }), true);
});

test('a cache from another Node is rejected and the validator still works, with its errors', () => {
  const { script, validate } = instantiate(source, file, Buffer.from('not a V8 code cache'));
  assert.equal(script.cachedDataRejected, true);
  assert.equal(validate({ name: 'shop', servces: {} }), false);
  assert.ok(validate.errors?.some((e) => e.keyword === 'additionalProperties' && e.params.additionalProperty === 'servces'));
});

test('the built validator loads from an install path with a space in it', async () => {
  // An install under a directory with a space: its node_modules is only reachable through that directory, so a
  // URL-encoded path (%20) would make require() of ajv's runtime helpers miss it.
  const root = mkdtempSync(join(tmpdir(), 'install path '));
  symlinkSync(join(process.cwd(), 'node_modules'), join(root, 'node_modules'), 'dir');
  const validateDir = join(root, 'validate');
  mkdirSync(validateDir, { recursive: true });
  try {
    for (const f of ['precompiled.js', VALIDATOR_SOURCE, VALIDATOR_CACHE]) copyFileSync(fileURLToPath(new URL(f, dir)), join(validateDir, f));
    const moved = (await import(pathToFileURL(join(validateDir, 'precompiled.js')).href)) as { loadPrecompiled: typeof loadPrecompiled };
    const validate = moved.loadPrecompiled();
    assert.ok(validate);
    assert.equal(validate({ services: {} }), false);
    assert.equal(validate({ name: 'shop', services: { api: { image: 'ghcr.io/acme/api:1.0.0' } } }), true);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
