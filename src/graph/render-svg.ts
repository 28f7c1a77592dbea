/**
 * SVG from the DOT printer, laid out by Graphviz compiled to WebAssembly (@viz-js/viz): no system binary, no
 * network. Loaded lazily: only `-o svg` pays for the module.
 */
import type { StackGraph } from '../model/graph.js';
import { formatDot } from './print-dot.js';

export async function renderSvg(graph: StackGraph): Promise<string> {
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  const svg = viz.renderString(formatDot(graph), { format: 'svg', engine: 'dot' });
  return svg.endsWith('\n') ? svg : `${svg}\n`;
}
