/** up's topology guard, the pure half (plan/topology.ts): which live → desired changes are refused, and with what. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ResolvedInfra } from '../../src/model/resolved.js';
import { topologyFindings, type LiveShape } from '../../src/plan/topology.js';
import { internalInfra } from '../catalog-fixtures.js';

const infra = (type: string, replicas: number, over: Partial<ResolvedInfra> = {}): ResolvedInfra => internalInfra(type, { name: 'x', replicas, ...over });
const live = (kind: LiveShape['kind'], replicas: number) => new Map([['x', { kind, replicas }]]);
const codes = (i: ResolvedInfra, l: ReadonlyMap<string, LiveShape>) => topologyFindings([i], l).map((f) => `${f.code} ${f.path.join('.')}`);

test('postgresql: one server ↔ CloudNativePG is refused both ways; a Cluster resized is not', () => {
  assert.deepEqual(codes(infra('postgresql', 3), live('StatefulSet', 1)), ['topology-change infra.x.replicas']);
  assert.deepEqual(codes(infra('postgresql', 1), live('Cluster', 3)), ['topology-change infra.x.replicas']);
  assert.deepEqual(codes(infra('postgresql', 5), live('Cluster', 3)), [], 'the operator adds instances by streaming replication');
  assert.deepEqual(codes(infra('postgresql', 1), live('StatefulSet', 1)), []);
});

test('redis: a live Sentinel set resized is refused; a single server becoming a Sentinel set is not', () => {
  assert.deepEqual(codes(infra('redis', 1), live('StatefulSet', 3)), ['topology-change infra.x.replicas']);
  assert.match(topologyFindings([infra('redis', 1)], live('StatefulSet', 3))[0]!.message, /keeps only pod x-0 as a plain server/);
  assert.deepEqual(codes(infra('redis', 3), live('StatefulSet', 1)), []);
  assert.deepEqual(codes(infra('redis', 3), live('StatefulSet', 3)), []);
});

test('clickhouse-keeper: any change of the member count is refused', () => {
  assert.deepEqual(codes(infra('clickhouse-keeper', 1), live('StatefulSet', 3)), ['topology-change infra.x.replicas']);
  assert.deepEqual(codes(infra('clickhouse-keeper', 5), live('StatefulSet', 3)), ['topology-change infra.x.replicas']);
  assert.deepEqual(codes(infra('clickhouse-keeper', 3), live('StatefulSet', 3)), []);
});

test('nothing live, external instances and unguarded types are never refused; the hint names the flag', () => {
  assert.deepEqual(codes(infra('postgresql', 3), new Map()), []);
  assert.deepEqual(codes(infra('postgresql', 3, { mode: 'external' }), live('StatefulSet', 1)), []);
  assert.deepEqual(codes(infra('kafka', 1), live('StatefulSet', 3)), []);
  assert.match(topologyFindings([infra('clickhouse-keeper', 1)], live('StatefulSet', 3))[0]!.hint!, /or run up with --allow-topology-change to apply it anyway, accepting that$/);
});
