import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { instantiate, loadPrecompiled, VALIDATOR_CACHE, VALIDATOR_SOURCE, wrapValidator } from '../../src/validate/precompiled.js';

const dir = new URL('../../src/validate/', import.meta.url);
const source = wrapValidator(readFileSync(new URL(VALIDATOR_SOURCE, dir), 'utf8'));
const file = new URL(VALIDATOR_SOURCE, dir).pathname;

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

test('the CLI loads the built validator (not a run-time ajv compile)', () => {
  const validate = loadPrecompiled();
  assert.ok(validate);
  assert.equal(validate({ services: {} }), false);
});
