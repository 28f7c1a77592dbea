/**
 * Stamped copies folded back into the component written in the stack: five per-tenant `detection-<tenant>`
 * services become one `detection` node that lists its tenants. A map of a 30-tenant platform stays readable;
 * `--expand` skips this and shows every copy.
 */
import type { GraphEdge, GraphNode, StackGraph } from '../model/graph.js';

export function collapseCopies(graph: StackGraph): StackGraph {
  const baseOf = new Map(graph.nodes.map((n) => [n.name, n.base ?? n.name]));
  const nodes = new Map<string, GraphNode>();
  for (const n of graph.nodes) {
    if (!n.base) {
      nodes.set(n.name, n);
      continue;
    }
    const by = n.tenant !== undefined ? 'tenant' : 'shard';
    const copy = n.tenant ?? n.shard ?? n.name;
    const seen = nodes.get(n.base);
    // Copies share their kind and timeout (they are one stack entry); the first one stands for all.
    if (seen?.copies) seen.copies.names.push(copy);
    else {
      const { type, namespace, timeoutSeconds } = n;
      nodes.set(n.base, { name: n.base, kind: n.kind, ...(type ? { type } : {}), ...(namespace ? { namespace } : {}), ...(timeoutSeconds ? { timeoutSeconds } : {}), copies: { by, names: [copy] } });
    }
  }
  const edges = new Map<string, GraphEdge>();
  for (const e of graph.edges) {
    const from = baseOf.get(e.from) ?? e.from;
    const to = baseOf.get(e.to) ?? e.to;
    const key = `${from}\0${to}`;
    const seen = edges.get(key);
    if (!seen) {
      edges.set(key, { ...e, from, to });
      continue;
    }
    // One copy waiting is enough for the folded edge to be an ordering edge; different payloads are all listed.
    const carries = [...new Set([seen.carries, e.carries].flatMap((c) => (c ? c.split(', ') : [])))].sort().join(', ');
    edges.set(key, { from, to, wait: seen.wait || e.wait, ...(carries ? { carries } : {}) });
  }
  return {
    nodes: [...nodes.values()].map((n) => (n.copies ? { ...n, copies: { ...n.copies, names: [...n.copies.names].sort() } } : n)),
    edges: [...edges.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
  };
}
