/** Reads the API server answers with 429 are repeated with a growing pause; other errors and writes are not. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClusterError } from '../../src/cluster/errors.js';
import { READ_ATTEMPTS, retryTooManyRequests } from '../../src/cluster/retry.js';

test('a 429 (storage re-initializing) is read again until it answers, pausing longer each time', async () => {
  const pauses: number[] = [];
  let calls = 0;
  const v = await retryTooManyRequests(
    async () => {
      if (++calls < 3) throw new ClusterError('storage is (re)initializing', 429);
      return 'items';
    },
    async (ms) => void pauses.push(ms),
  );
  assert.equal(v, 'items');
  assert.equal(calls, 3);
  assert.deepEqual(pauses, [250, 500]);
});

test('a 429 that persists fails after the last attempt with the server’s message; other errors fail at once', async () => {
  let calls = 0;
  await assert.rejects(
    retryTooManyRequests(async () => {
      calls++;
      throw new ClusterError('too many requests', 429);
    }, async () => undefined),
    /too many requests/,
  );
  assert.equal(calls, READ_ATTEMPTS);
  calls = 0;
  await assert.rejects(
    retryTooManyRequests(async () => {
      calls++;
      throw new ClusterError('forbidden', 403);
    }, async () => undefined),
    /forbidden/,
  );
  assert.equal(calls, 1);
});
