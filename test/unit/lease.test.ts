/** Whether a lease found in the cluster is live: renewTime + leaseDurationSeconds against the clock. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { leaseFor, leaseRef, leaseState, microTime, renewed, type Lease } from '../../src/lifecycle/lease.js';

const NOW = new Date('2026-11-29T12:00:00.000Z');
const lease = (spec: Lease['spec'], creationTimestamp?: string): Lease => ({
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  metadata: { name: 'slipway-lock.shop.default', namespace: 'ns', ...(creationTimestamp ? { creationTimestamp } : {}) },
  spec,
});

test('a lease renewed within its duration is live; past it, stale since renewTime + duration', () => {
  const live = leaseState(lease({ holderIdentity: 'a', acquireTime: '2026-11-29T11:00:00.000000Z', renewTime: '2026-11-29T11:59:30.000000Z', leaseDurationSeconds: 60 }), NOW);
  assert.equal(live.stale, false);
  assert.equal(live.expires.toISOString(), '2026-11-29T12:00:30.000Z');
  assert.equal(live.since, '2026-11-29T11:00:00.000000Z');
  const stale = leaseState(lease({ holderIdentity: 'a', renewTime: '2026-11-29T11:58:59.000000Z', leaseDurationSeconds: 60 }), NOW);
  assert.equal(stale.stale, true);
  assert.equal(stale.expires.toISOString(), '2026-11-29T11:59:59.000Z');
});

test("the lease's own duration wins over the default; without one, the default applies", () => {
  const spec = { holderIdentity: 'a', renewTime: '2026-11-29T11:55:00.000000Z' };
  assert.equal(leaseState(lease({ ...spec, leaseDurationSeconds: 600 }), NOW).stale, false);
  assert.equal(leaseState(lease(spec), NOW, 60).stale, true);
  assert.equal(leaseState(lease(spec), NOW, 600).stale, false);
});

test('never renewed: counts from acquireTime, then from creation; an unreadable time is not proof the holder is gone', () => {
  assert.equal(leaseState(lease({ holderIdentity: 'a', acquireTime: '2026-11-22T01:00:00.000000Z', leaseDurationSeconds: 60 }), NOW).stale, true);
  assert.equal(leaseState(lease({ holderIdentity: 'a' }, '2026-11-29T11:59:50Z'), NOW).stale, false);
  assert.equal(leaseState(lease({ holderIdentity: 'a' }, '2026-11-29T11:50:00Z'), NOW).stale, true);
  const garbled = leaseState(lease({ renewTime: 'yesterday' }), NOW);
  assert.equal(garbled.stale, false);
  assert.equal(garbled.holder, 'someone');
});

test('a takeover carries the resourceVersion it read (so a concurrent change makes it fail) and counts the transition', () => {
  const ref = leaseRef('ns', 'shop', 'default');
  const fresh = leaseFor(ref, 'shop', 'default', 'me', NOW, 60);
  assert.equal(fresh.metadata.resourceVersion, undefined);
  assert.equal(fresh.spec.renewTime, '2026-11-29T12:00:00.000000Z');
  const previous = { ...lease({ holderIdentity: 'a', leaseTransitions: 2 }), metadata: { name: ref.name, namespace: 'ns', resourceVersion: '41' } };
  const taken = leaseFor(ref, 'shop', 'default', 'me', NOW, 60, previous);
  assert.equal(taken.metadata.resourceVersion, '41');
  assert.equal(taken.spec.leaseTransitions, 3);
  assert.equal(renewed(taken, new Date('2026-11-29T12:00:20.000Z')).spec.renewTime, microTime(new Date('2026-11-29T12:00:20.000Z')));
});
