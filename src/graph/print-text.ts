/**
 * The graph as text, one node per line in apply order with what it uses (`->` waits, `~>` only knows the
 * address), and what each edge carries in brackets. Deterministic: the test oracle for every other printer.
 */
import type { GraphNode, StackGraph } from '../model/graph.js';

export function formatGraph(graph: StackGraph): string {
  const lines = graph.nodes.map((n) => {
    const uses = graph.edges.filter((e) => e.from === n.name).map((e) => `${e.wait ? '->' : '~>'} ${e.to}${e.carries ? ` [${e.carries}]` : ''}`);
    return `${n.name} (${tagsOf(n).join(', ')})${uses.length ? ` ${uses.join(' ')}` : ''}`;
  });
  return `${lines.join('\n')}\n`;
}

/** The words that describe a node after its name: kind, family, where it runs, stamping and timeout. */
export function tagsOf(n: GraphNode): string[] {
  return [
    n.type ? `${n.kind} ${n.type}` : n.kind,
    ...(n.external ? ['external'] : []),
    ...(n.namespace ? [`namespace ${n.namespace}`] : []),
    ...(n.tenant ? [`tenant ${n.tenant}`] : []),
    ...(n.shard ? [`shard ${n.shard}`] : []),
    ...(n.copies ? [`${n.copies.by === 'tenant' ? 'tenants' : 'shards'} ${n.copies.names.join(' ')}`] : []),
    ...(n.timeoutSeconds ? [`timeout ${n.timeoutSeconds}s`] : []),
  ];
}
