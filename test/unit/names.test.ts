import assert from 'node:assert/strict';
import { test } from 'node:test';
import { envPrefix, fitName, volumeNameForPath } from '../../src/generate/names.js';
import { imageTag, labelValue } from '../../src/generate/labels.js';

test('long names are cut and hashed, stay stable and within the limit', () => {
  const long = fitName(['a'.repeat(50), 'b'.repeat(30)], 63);
  assert.equal(long.length, 63);
  assert.equal(long, fitName(['a'.repeat(50), 'b'.repeat(30)], 63));
  assert.notEqual(long, fitName(['a'.repeat(50), 'c'.repeat(30)], 63));
  assert.equal(fitName(['api', 'files']), 'api-files');
});

test('paths, env prefixes, label values and tags', () => {
  assert.equal(volumeNameForPath('/var/run/postgresql'), 'var-run-postgresql');
  assert.equal(envPrefix('api-gateway'), 'API_GATEWAY');
  assert.equal(labelValue('v1.2.3+build/7'), 'v1.2.3_build_7');
  assert.equal(imageTag('ghcr.io:5000/acme/api:1.4.2'), '1.4.2');
  assert.equal(imageTag('localhost:5000/api'), 'latest');
  assert.equal(imageTag('redis@sha256:0123456789abcdef0123'), '0123456789ab');
});
