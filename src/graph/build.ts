/** The StackGraph of one resolved environment. */
import type { ResolvedStack, ResolvedUse } from '../model/resolved.js';
import type { GraphEdge, GraphNode, StackGraph } from '../model/graph.js';

export function buildGraph(stack: ResolvedStack): StackGraph {
  const byName = new Map<string, GraphNode>();
  for (const i of stack.infra) {
    byName.set(i.name, { name: i.name, kind: 'infra', type: i.type, ...(i.mode === 'external' ? { external: true } : {}), ...(i.timeout ? { timeoutSeconds: i.timeout } : {}) });
  }
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
  const carried = new Map<string, string>();
  for (const s of stack.services) for (const u of s.uses) carried.set(`${s.name}\0${u.target}`, carries(u) ?? '');
  const seen = new Set<string>();
  const edges: GraphEdge[] = [];
  for (const e of stack.edges) {
    const key = `${e.from}\0${e.to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const what = carried.get(key);
    edges.push({ from: e.from, to: e.to, wait: e.wait, ...(what ? { carries: what } : {}) });
  }
  edges.sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return { nodes, edges };
}

/**
 * What a use hands its user, named the way an operator reads a map: the database for SQL and ClickHouse, the
 * broker list for Kafka, the protocol of other infra, the URL or address of a service, a Job's completion; nothing when every connection
 * variable was dropped (an edge kept only for start order).
 */
function carries(u: ResolvedUse): string | undefined {
  if (u.targetKind === 'job') return 'completion';
  const given = new Set(Object.keys(u.env));
  const db = u.database ?? u.connection.database;
  if (db && given.size) return `database ${db}`;
  if (u.connection.values.brokers && given.has('brokers')) return 'brokers';
  // Other infra (a cache, a queue) carries its protocol: redis, rediss.
  const scheme = u.targetKind === 'infra' ? /^([a-z][a-z0-9+.-]*):\/\//.exec(u.connection.url ?? '')?.[1] : undefined;
  if (scheme && given.size) return scheme;
  if (given.has('url')) return 'url';
  if (given.has('host') || given.has('address')) return 'address';
  return given.size ? [...given].sort()[0] : undefined;
}
