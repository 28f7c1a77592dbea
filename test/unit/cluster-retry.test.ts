/** Reads the API server answers with 429 are repeated with a growing pause; other errors and writes are not. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ResponseContext } from '@kubernetes/client-node';
import { MAX_RETRY_AFTER_SECONDS, READ_ATTEMPTS, retryTooManyRequests } from '../../src/cluster/http.js';

function answer(status: number, text: string, headers: Record<string, string> = {}): ResponseContext {
  return new ResponseContext(status, headers, { text: async () => text, binary: async () => Buffer.from(text) });
}

test('a 429 (storage re-initializing) is read again until it answers, pausing longer each time', async () => {
  const pauses: number[] = [];
  let calls = 0;
  const res = await retryTooManyRequests(
    'GET',
    async () => (++calls < 3 ? answer(429, 'storage is (re)initializing') : answer(200, 'items')),
    async (ms) => void pauses.push(ms),
  );
  assert.equal(await res.body.text(), 'items');
  assert.equal(calls, 3);
  assert.deepEqual(pauses, [250, 500]);
});

test('a 429 that persists fails after the last attempt with the server’s message; other errors fail at once', async () => {
  let calls = 0;
  const last = await retryTooManyRequests(
    'GET',
    async () => {
      calls++;
      return answer(429, 'too many requests');
    },
    async () => undefined,
  );
  assert.equal(last.httpStatusCode, 429);
  assert.match(await last.body.text(), /too many requests/);
  assert.equal(calls, READ_ATTEMPTS);
  calls = 0;
  const forbidden = await retryTooManyRequests(
    'GET',
    async () => {
      calls++;
      return answer(403, 'forbidden');
    },
    async () => undefined,
  );
  assert.match(await forbidden.body.text(), /forbidden/);
  assert.equal(calls, 1);
});

test('a write answered 429 is not repeated behind the caller’s back', async () => {
  let calls = 0;
  const res = await retryTooManyRequests(
    'PATCH',
    async () => {
      calls++;
      return answer(429, 'too many requests');
    },
    async () => undefined,
  );
  assert.equal(res.httpStatusCode, 429);
  assert.equal(calls, 1);
});

test('the server’s Retry-After sets the pause, capped', async () => {
  const pauses: number[] = [];
  let calls = 0;
  await retryTooManyRequests(
    'GET',
    async () => (++calls === 1 ? answer(429, '', { 'retry-after': '2' }) : calls === 2 ? answer(429, '', { 'retry-after': '3600' }) : answer(200, '')),
    async (ms) => void pauses.push(ms),
  );
  assert.deepEqual(pauses, [2000, MAX_RETRY_AFTER_SECONDS * 1000]);
});
