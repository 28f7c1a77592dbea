/** Once the lock is lost, no write reaches the cluster, whichever write it is; reads still do. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClusterPort } from '../../src/cluster/port.js';
import { lockLost } from '../../src/lifecycle/lock.js';
import { whileHolding } from '../../src/lifecycle/while-holding.js';
import { SlipwayError } from '../../src/diagnostics/errors.js';

test('writes pass while the lock is held and are refused with the lock-lost error after', async () => {
  const calls: string[] = [];
  const record = (name: string) => async () => (calls.push(name), undefined as never);
  const cluster: ClusterPort = {
    context: 'test',
    get: record('get'),
    list: async () => (calls.push('list'), []),
    streamLogs: record('streamLogs'),
    watch: record('watch'),
    secretValue: record('secretValue'),
    exec: record('exec'),
    portForward: record('portForward'),
    secretKeys: async () => (calls.push('secretKeys'), undefined),
    serves: async () => (calls.push('serves'), true),
    apply: record('apply'),
    create: record('create'),
    createIfMissing: record('createIfMissing'),
    replace: record('replace'),
    delete: record('delete'),
  };
  const lock = new AbortController();
  const client = whileHolding(cluster, lock);
  const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'n' } };
  const ref = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'n', name: 'a' };
  await client.apply(obj);
  await client.delete(ref);
  assert.deepEqual(calls, ['apply', 'delete']);
  lock.abort(lockLost('lost the lock to someone@else pid 1'));
  for (const write of [() => client.apply(obj), () => client.create(obj), () => client.createIfMissing(obj), () => client.replace(obj), () => client.delete(ref)]) {
    await assert.rejects(write(), (e: unknown) => e instanceof SlipwayError && e.exitCode === 3 && e.diagnostics[0]!.code === 'lock-lost' && /someone@else/.test(e.message));
  }
  await client.get(ref);
  await client.list('v1', 'Pod', 'n');
  await client.watch('v1', 'Pod', 'n', () => undefined, () => undefined);
  assert.deepEqual(calls, ['apply', 'delete', 'get', 'list', 'watch'], 'no write after the loss reached the cluster');
  assert.equal(client.context, 'test');
});
