import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scalingSvg, type Series } from '../../bench/svg.js';

const series: Series[] = [
  { name: 'render', color: '#1f77b4', points: [[10, 120], [100, 180], [1000, 900], [5000, 4100]] },
  { name: 'no-op up', color: '#d62728', points: [] },
];

test('the scaling chart is a pure function of its numbers (a re-run with the same figures writes the same bytes)', () => {
  assert.equal(scalingSvg('t', 'x', 'y', series), scalingSvg('t', 'x', 'y', series.map((s) => ({ ...s, points: s.points.map((p) => [...p] as const) }))));
});

test('points are placed on log axes: larger sizes right, longer times higher, one line per measured series', () => {
  const svg = scalingSvg('t', 'x', 'y', series);
  assert.equal(svg.match(/<polyline/g)?.length, 1);
  const pts = /points="([^"]+)"/.exec(svg)![1]!.split(' ').map((p) => p.split(',').map(Number) as [number, number]);
  assert.equal(pts.length, 4);
  for (let i = 1; i < pts.length; i++) {
    assert.ok(pts[i]![0] > pts[i - 1]![0], 'x grows with services');
    assert.ok(pts[i]![1] < pts[i - 1]![1], 'y (SVG grows downwards) rises with time');
  }
  // Log scale: 10 → 100 services spans as much width as 100 → 1,000.
  assert.ok(Math.abs(pts[1]![0] - pts[0]![0] - (pts[2]![0] - pts[1]![0])) < 0.2);
  assert.match(svg, />1,000</);
  assert.match(svg, />no-op up</);
});
