import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { decodeRevision, encodeRevision, RevisionError } from '../../src/lifecycle/revision-codec.js';
import type { Revision } from '../../src/model/revision.js';
import type { K8sObject } from '../../src/k8s/object.js';

const KEY = new Uint8Array(32).fill(7);
const OTHER = new Uint8Array(32).fill(8);
const expect = { namespace: 'shop-dev', stack: 'shop', environment: 'dev' };
const r: Revision = { revision: 3, stack: 'shop', environment: 'dev', stackHash: 'abc', user: 'me', startedAt: '2025-01-01T00:00:00.000Z', status: 'deployed', objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'shop-dev' } }] };
const withData = (s: K8sObject, data: Record<string, string>): K8sObject => ({ ...s, data: { ...(s.data as object), ...data } });
const reason = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof RevisionError, String(e));
    return e.message;
  }
  return 'accepted';
};

test('a signed revision round-trips', () => {
  assert.deepEqual(decodeRevision(encodeRevision(r, 'shop-dev', KEY), expect, KEY), r);
});

test('an edited payload, another key, another namespace or a missing signature is refused', () => {
  const s = encodeRevision(r, 'shop-dev', KEY);
  const edited = JSON.stringify({ ...r, objects: [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'miner', namespace: 'shop-dev' } }] });
  assert.match(reason(() => decodeRevision(withData(s, { revision: gzipSync(edited).toString('base64') }), expect, KEY)), /signature does not match/);
  assert.match(reason(() => decodeRevision(s, expect, OTHER)), /signature does not match/);
  assert.match(reason(() => decodeRevision(s, { ...expect, namespace: 'elsewhere' }, KEY)), /signature does not match/);
  const { signature: _s, ...unsigned } = s.data as Record<string, string>;
  assert.match(reason(() => decodeRevision({ ...s, data: unsigned }, expect, KEY)), /not signed/);
  // Renaming a genuine record to another number is caught: the name is signed too.
  assert.match(reason(() => decodeRevision({ ...s, metadata: { ...s.metadata, name: 'slipway.shop.dev.v9' } }, expect, KEY)), /signature does not match/);
});

test('corrupt data is a RevisionError with a reason, never a crash', () => {
  const s = encodeRevision(r, 'shop-dev', KEY);
  assert.match(reason(() => decodeRevision(withData(s, { revision: '!!!notbase64' }), expect)), /not gzip/);
  assert.match(reason(() => decodeRevision(withData(s, { revision: Buffer.from('plain').toString('base64') }), expect)), /not gzip/);
  assert.match(reason(() => decodeRevision(withData(s, { revision: gzipSync('{oops').toString('base64') }), expect)), /not JSON/);
  assert.match(reason(() => decodeRevision({ ...s, data: {} }, expect)), /no revision data/);
  // A gzip bomb stops at the size bound instead of exhausting memory.
  assert.match(reason(() => decodeRevision(withData(s, { revision: gzipSync(Buffer.alloc(65 << 20)).toString('base64') }), expect)), /not gzip/);
});

test('shape is checked even without a key', () => {
  const raw = (v: unknown, name = 'slipway.shop.dev.v3') => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name }, data: { revision: gzipSync(JSON.stringify(v)).toString('base64') } });
  assert.equal(decodeRevision(raw(r), expect).revision, 3);
  assert.match(reason(() => decodeRevision(raw({ ...r, stack: 'other' }), expect)), /records other\/dev, not shop\/dev/);
  assert.match(reason(() => decodeRevision(raw(r, 'slipway.shop.dev.v4'), expect)), /revision 3 stored under the name slipway\.shop\.dev\.v4/);
  assert.match(reason(() => decodeRevision(raw({ ...r, status: 'owned' }), expect)), /unknown status "owned"/);
  assert.match(reason(() => decodeRevision(raw({ ...r, objects: [{ kind: 'X' }] }), expect)), /objects\[0\] is not a Kubernetes object/);
  assert.match(reason(() => decodeRevision(raw({ ...r, graph: { nodes: [{}], edges: [] } }), expect)), /graph\.nodes/);
});
