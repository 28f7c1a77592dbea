import assert from 'node:assert/strict';
import { test } from 'node:test';
import { orderGraph } from '../../src/resolve/graph.js';

test('dependencies come first, ties by name, independent of input order', () => {
  const edges = [
    { from: 'api', to: 'db' },
    { from: 'worker', to: 'api' },
    { from: 'api', to: 'cache' },
  ];
  const a = orderGraph(['worker', 'api', 'db', 'cache', 'web'], edges);
  const b = orderGraph(['web', 'cache', 'db', 'api', 'worker'], [...edges].reverse());
  assert.deepEqual(a.order, ['cache', 'db', 'api', 'web', 'worker']);
  assert.deepEqual(b.order, a.order);
  assert.equal(a.cycle, undefined);
});

test('a cycle is reported as a closed path', () => {
  const r = orderGraph(['a', 'b', 'c', 'd'], [
    { from: 'a', to: 'b' },
    { from: 'b', to: 'c' },
    { from: 'c', to: 'a' },
    { from: 'd', to: 'a' },
  ]);
  assert.deepEqual(r.cycle, ['a', 'b', 'c', 'a']);
  assert.equal(r.order.length, 4);
});
