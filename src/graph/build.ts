/** The StackGraph of one resolved environment. */
import type { ResolvedStack } from '../model/resolved.js';
import type { GraphEdge, GraphNode, StackGraph } from '../model/graph.js';

export function buildGraph(stack: ResolvedStack): StackGraph {
  const byName = new Map<string, GraphNode>();
  for (const i of stack.infra) byName.set(i.name, { name: i.name, kind: 'infra', ...(i.timeout ? { timeoutSeconds: i.timeout } : {}) });
  for (const s of stack.services) {
    byName.set(s.name, {
      name: s.name,
      kind: s.kind,
      ...(s.base !== s.name ? { base: s.base } : {}),
      ...(s.tenant ? { tenant: s.tenant } : {}),
      ...(s.shard ? { shard: s.shard } : {}),
      ...(s.timeout ? { timeoutSeconds: s.timeout } : {}),
    });
  }
  // resolve already ordered the components (and refused cycles); the graph keeps that order.
  const nodes = stack.order.map((n) => byName.get(n)).filter((n): n is GraphNode => n !== undefined);
  const seen = new Set<string>();
  const edges: GraphEdge[] = [];
  for (const e of stack.edges) {
    const key = `${e.from}\0${e.to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push({ from: e.from, to: e.to, wait: e.wait });
  }
  edges.sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return { nodes, edges };
}
