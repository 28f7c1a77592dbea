/**
 * The graph in Graphviz DOT: a cluster per group, a shape per kind, dashed edges for address-only uses and
 * dashed outlines for external servers. `-o svg` lays this out with Graphviz compiled to WebAssembly.
 */
import type { GraphNode, StackGraph } from '../model/graph.js';
import { detailOf, groupNodes, namespaceBoxes, nodeIds } from './groups.js';

const SHAPES: Record<string, string> = { service: 'box', worker: 'box', job: 'parallelogram', cron: 'parallelogram', agent: 'hexagon', infra: 'cylinder' };

/** A DOT string literal. */
function str(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function nodeLine(n: GraphNode, id: string): string {
  const detail = detailOf(n);
  const attrs = [`label=${str(detail.length ? `${n.name}\n${detail.join(', ')}` : n.name)}`, `shape=${SHAPES[n.kind] ?? 'box'}`];
  if (n.kind === 'worker') attrs.push('style="rounded"');
  if (n.external) attrs.push('style="dashed"');
  return `    ${id} [${attrs.join(', ')}];`;
}

export function formatDot(graph: StackGraph): string {
  const ids = nodeIds(graph);
  const out = ['digraph stack {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=11];', '  edge [fontname="Helvetica", fontsize=9];'];
  for (const box of namespaceBoxes(groupNodes(graph))) {
    const pad = box.namespace !== undefined ? '  ' : '';
    if (box.namespace !== undefined) out.push(`  subgraph cluster_${box.id} {`, `    label=${str(`namespace ${box.namespace}`)};`);
    for (const g of box.groups) {
      out.push(`${pad}  subgraph cluster_${g.id} {`, `${pad}    label=${str(g.title)};`);
      for (const n of g.nodes) out.push(pad + nodeLine(n, ids.get(n.name)!));
      out.push(`${pad}  }`);
    }
    if (box.namespace !== undefined) out.push('  }');
  }
  for (const e of graph.edges) {
    const attrs = [...(e.carries ? [`label=${str(e.carries)}`] : []), ...(e.wait ? [] : ['style=dashed'])];
    out.push(`  ${ids.get(e.from)} -> ${ids.get(e.to)}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
