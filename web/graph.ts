/**
 * The stack's graph as SVG, laid out by dagre (a layered layout for directed graphs: dependencies line up in
 * columns, users to the left of what they use). Layout runs once per graph; live updates only change a node's
 * state class and its text, so nothing jumps while a rollout is watched.
 */
import dagre from '@dagrejs/dagre';
import type { ComponentView, GraphView } from '../src/ui/protocol.js';
import type { GraphNode } from '../src/model/graph.js';
import { s } from './dom.js';

const WIDTH = 210;
const HEIGHT = 74;

export interface DrawnGraph {
  svg: SVGSVGElement;
  update(components: readonly ComponentView[]): void;
  select(name: string | undefined): void;
}

function subtitle(n: GraphNode): string {
  const what = n.kind === 'infra' ? (n.type ?? 'infra') : n.kind;
  const copies = n.copies ? ` × ${n.copies.names.length} ${n.copies.by}s` : '';
  return `${what}${n.external ? ' (external)' : ''}${copies}`;
}

/** A curve through dagre's bend points (Catmull-Rom as cubic Béziers): many crossing edges stay tellable apart. */
function smooth(points: readonly { x: number; y: number }[]): string {
  const f = (n: number) => n.toFixed(1);
  if (points.length < 3) return points.map((p, i) => `${i ? 'L' : 'M'} ${f(p.x)} ${f(p.y)}`).join(' ');
  let d = `M ${f(points[0]!.x)} ${f(points[0]!.y)}`;
  for (let i = 0; i < points.length - 1; i++) {
    const p0 = points[Math.max(i - 1, 0)]!;
    const p1 = points[i]!;
    const p2 = points[i + 1]!;
    const p3 = points[Math.min(i + 2, points.length - 1)]!;
    d += ` C ${f(p1.x + (p2.x - p0.x) / 6)} ${f(p1.y + (p2.y - p0.y) / 6)} ${f(p2.x - (p3.x - p1.x) / 6)} ${f(p2.y - (p3.y - p1.y) / 6)} ${f(p2.x)} ${f(p2.y)}`;
  }
  return d;
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function drawGraph(view: GraphView, onClick: (name: string) => void): DrawnGraph {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 28, ranksep: 70, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of view.graph.nodes) g.setNode(n.name, { width: WIDTH, height: HEIGHT });
  for (const e of view.graph.edges) g.setEdge(e.from, e.to, { label: e.carries ?? '', width: e.carries ? e.carries.length * 6.5 : 0, height: e.carries ? 14 : 0, labelpos: 'c' });
  dagre.layout(g);
  const size = g.graph();
  const [w, ht] = [Math.max(size.width ?? 0, 200), Math.max(size.height ?? 0, 100)];
  // Natural size for a small stack; CSS shrinks a large one to fit (the viewBox keeps its proportions).
  const svg = s('svg', { class: 'graph', viewBox: `0 0 ${w} ${ht}`, width: w, height: ht, role: 'img', 'aria-label': 'stack graph' });
  const marker = s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, s('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrowhead' }));
  svg.append(s('defs', {}, marker));
  for (const e of view.graph.edges) {
    const edge = g.edge(e.from, e.to);
    const points: { x: number; y: number }[] = edge.points ?? [];
    const d = smooth(points);
    const group = s('g', { class: `edge${e.wait ? ' waits' : ''}`, 'data-from': e.from, 'data-to': e.to });
    group.append(s('path', { d, 'marker-end': 'url(#arrow)' }));
    if (e.carries && edge.x !== undefined && edge.y !== undefined) group.append(s('text', { x: edge.x, y: edge.y + 4, 'text-anchor': 'middle', class: 'edge-label' }, e.carries));
    svg.append(group);
  }
  const nodes = new Map<string, { group: SVGGElement; counts: SVGTextElement; problem: SVGTextElement; tip: SVGTitleElement }>();
  for (const n of view.graph.nodes) {
    const { x, y } = g.node(n.name);
    const left = x - WIDTH / 2;
    const top = y - HEIGHT / 2;
    const tip = s('title', {}, n.name);
    const counts = s('text', { x: left + 12, y: top + 50, class: 'counts' }, '');
    const problem = s('text', { x: left + 12, y: top + 66, class: 'problem' }, '');
    const group = s(
      'g',
      { class: 'node state-unknown', 'data-component': n.name, 'data-state': 'unknown', tabindex: 0, role: 'button' },
      tip,
      s('rect', { x: left, y: top, width: WIDTH, height: HEIGHT, rx: 8 }),
      s('rect', { x: left, y: top, width: 6, height: HEIGHT, rx: 3, class: 'bar' }),
      s('text', { x: left + 12, y: top + 20, class: 'name' }, clip(n.name, 26)),
      s('text', { x: left + 12, y: top + 35, class: 'kind' }, clip(subtitle(n), 30)),
      counts,
      problem,
    );
    group.addEventListener('click', () => onClick(n.name));
    group.addEventListener('keydown', (ev) => (ev.key === 'Enter' || ev.key === ' ') && onClick(n.name));
    svg.append(group);
    nodes.set(n.name, { group, counts, problem, tip });
  }
  return {
    svg,
    update(components) {
      for (const c of components) {
        const n = nodes.get(c.name);
        if (!n) continue;
        const selected = n.group.classList.contains('selected');
        n.group.setAttribute('class', `node state-${c.state}${selected ? ' selected' : ''}`);
        n.group.dataset.state = c.state;
        const counted = c.state !== 'unknown' && c.state !== 'external' && c.state !== 'missing';
        // A CronJob has no replicas: 0/0 would read as broken.
        const replicas = c.desired || c.ready ? ` · ${c.ready}/${c.desired} ready` : '';
        n.counts.textContent = counted ? `${c.state}${replicas}${c.restarts ? ` · ${c.restarts} restarts` : ''}` : c.state === 'missing' ? 'not deployed' : c.state;
        n.problem.textContent = clip(c.problem ?? '', 34);
        n.tip.textContent = `${c.name}: ${c.state}${counted ? ` ${c.ready}/${c.desired}` : ''}${c.problem ? `\n${c.problem}` : ''}`;
      }
    },
    select(name) {
      for (const [k, n] of nodes) n.group.classList.toggle('selected', k === name);
      svg.classList.toggle('focused', name !== undefined);
      for (const e of svg.querySelectorAll<SVGGElement>('g.edge')) e.classList.toggle('touching', name !== undefined && (e.dataset.from === name || e.dataset.to === name));
    },
  };
}
