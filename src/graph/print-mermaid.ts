/**
 * The graph as a Mermaid flowchart, which common code hosts render inline in Markdown: one subgraph per
 * group, a shape per kind (cylinders for data), solid arrows for waits and dotted ones for address-only uses,
 * labelled with what they carry.
 */
import type { GraphNode, StackGraph } from '../model/graph.js';
import { detailOf, groupNodes, namespaceBoxes, nodeIds } from './groups.js';

const SHAPES: Record<string, [string, string]> = {
  service: ['[', ']'],
  worker: ['([', '])'],
  job: ['[/', '/]'],
  cron: ['[/', '/]'],
  agent: ['{{', '}}'],
  infra: ['[(', ')]'],
};

/** Mermaid text in double quotes: quotes become #quot; so a label never ends the string early. */
function quoted(text: string): string {
  return `"${text.replace(/"/g, '#quot;')}"`;
}

function label(n: GraphNode): string {
  const detail = detailOf(n);
  return detail.length ? `${n.name}<br/>${detail.join(', ')}` : n.name;
}

export function formatMermaid(graph: StackGraph): string {
  const ids = nodeIds(graph);
  const out = ['flowchart LR'];
  for (const box of namespaceBoxes(groupNodes(graph))) {
    const pad = box.namespace !== undefined ? '  ' : '';
    if (box.namespace !== undefined) out.push(`  subgraph ${box.id}[${quoted(`namespace ${box.namespace}`)}]`);
    for (const g of box.groups) {
      out.push(`${pad}  subgraph ${g.id}[${quoted(g.title)}]`);
      for (const n of g.nodes) {
        const [open, close] = SHAPES[n.kind] ?? SHAPES.service!;
        out.push(`${pad}    ${ids.get(n.name)}${open}${quoted(label(n))}${close}`);
      }
      out.push(`${pad}  end`);
    }
    if (box.namespace !== undefined) out.push('  end');
  }
  for (const e of graph.edges) {
    const arrow = e.wait ? '-->' : '-.->';
    out.push(`  ${ids.get(e.from)} ${arrow}${e.carries ? `|${quoted(e.carries)}|` : ''} ${ids.get(e.to)}`);
  }
  const external = graph.nodes.filter((n) => n.external).map((n) => ids.get(n.name));
  if (external.length) {
    out.push('  classDef external stroke-dasharray: 5 5');
    out.push(`  class ${external.join(',')} external`);
  }
  return `${out.join('\n')}\n`;
}
