/** Failures on the page read like the CLI's (code frame from the stack file) and carry the status their exit code means. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ClusterError } from '../../src/cluster/errors.js';
import { SlipwayError } from '../../src/diagnostics/errors.js';
import { pageFailure } from '../../src/ui/failure.js';

test('a stack error shows the code frame of the stack file, as the CLI does, with status 400', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'slipway-ui-failure-')), 'slipway.yaml');
  writeFileSync(file, 'name: shop\ncomponents:\n  api:\n    image: nginx:1.27\n    replicas: lots\n');
  const f = await pageFailure(new SlipwayError([{ code: 'schema', message: 'replicas must be a number', path: 'components.api.replicas', file, line: 5, col: 15 }]));
  assert.equal(f.status, 400);
  assert.match(f.text, /replicas must be a number/);
  assert.match(f.text, /replicas: lots/, 'the code frame quotes the stack file');
});

test('an internal error is 500, the cluster’s refusal or absence 502', async () => {
  assert.equal((await pageFailure(new TypeError('x is undefined'))).status, 500);
  assert.equal((await pageFailure(new ClusterError('connect ECONNREFUSED', 0))).status, 502);
  assert.equal((await pageFailure(new ClusterError('forbidden', 403))).status, 502);
});
