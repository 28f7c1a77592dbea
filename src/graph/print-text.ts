/**
 * The graph as text, one node per line in apply order with what it uses (`->` waits, `~>` only knows the
 * address). Deterministic: used for debugging and as the test oracle.
 */
import type { StackGraph } from '../model/graph.js';

export function formatGraph(graph: StackGraph): string {
  const lines = graph.nodes.map((n) => {
    const tags = [n.kind, ...(n.tenant ? [`tenant ${n.tenant}`] : []), ...(n.shard ? [`shard ${n.shard}`] : []), ...(n.timeoutSeconds ? [`timeout ${n.timeoutSeconds}s`] : [])];
    const uses = graph.edges.filter((e) => e.from === n.name).map((e) => `${e.wait ? '->' : '~>'} ${e.to}`);
    return `${n.name} (${tags.join(', ')})${uses.length ? ` ${uses.join(' ')}` : ''}`;
  });
  return `${lines.join('\n')}\n`;
}
