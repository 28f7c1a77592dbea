/**
 * How a map groups its nodes: the stack's own components by role (apps, workers, jobs, agents), infra by
 * family (every PostgreSQL together), and external servers apart, as an operator draws a platform.
 */
import type { GraphNode, StackGraph } from '../model/graph.js';
import { tagsOf } from './print-text.js';

export interface NodeGroup {
  /** Stable identifier, safe in Mermaid and DOT ids. */
  id: string;
  title: string;
  nodes: GraphNode[];
  /** The namespace box this group sits in, on maps that span several namespaces. */
  namespace?: string;
}

const ROLE: Record<string, { id: string; title: string; rank: number }> = {
  service: { id: 'apps', title: 'apps', rank: 0 },
  worker: { id: 'workers', title: 'workers', rank: 1 },
  job: { id: 'jobs', title: 'jobs', rank: 2 },
  cron: { id: 'jobs', title: 'jobs', rank: 2 },
  agent: { id: 'agents', title: 'agents', rank: 3 },
};

function groupOf(n: GraphNode): { id: string; title: string; rank: number } {
  if (n.external) return { id: 'external', title: 'external', rank: 6 };
  if (n.kind === 'infra') return { id: `infra_${safeId(n.type ?? 'other')}`, title: n.type ?? 'infra', rank: 4 };
  return ROLE[n.kind] ?? { id: 'other', title: 'other', rank: 5 };
}

/**
 * Groups in a fixed order (roles, then infra families by name, then external); nodes keep apply order. On a map
 * that spans namespaces, each namespace holds its own groups (namespaces by name, servers outside last).
 */
export function groupNodes(graph: StackGraph): NodeGroup[] {
  const groups = new Map<string, NodeGroup & { rank: number }>();
  for (const n of graph.nodes) {
    const g = groupOf(n);
    const id = n.namespace ? `ns_${safeId(n.namespace)}__${g.id}` : g.id;
    const seen = groups.get(id);
    if (seen) seen.nodes.push(n);
    else groups.set(id, { ...g, id, nodes: [n], ...(n.namespace ? { namespace: n.namespace } : {}) });
  }
  const nsOrder = (g: NodeGroup) => (g.namespace === undefined ? '\uffff' : g.namespace);
  return [...groups.values()].sort((a, b) => nsOrder(a).localeCompare(nsOrder(b)) || a.rank - b.rank || a.title.localeCompare(b.title)).map(({ rank: _rank, ...g }) => g);
}

/** Groups with the namespace box each sits in (undefined: none), in drawing order, for printers that nest boxes. */
export function namespaceBoxes(groups: readonly NodeGroup[]): { namespace?: string; id?: string; groups: NodeGroup[] }[] {
  const out: { namespace?: string; id?: string; groups: NodeGroup[] }[] = [];
  for (const g of groups) {
    const last = out.at(-1);
    if (last && last.namespace === g.namespace) last.groups.push(g);
    else out.push({ ...(g.namespace !== undefined ? { namespace: g.namespace, id: `ns_${safeId(g.namespace)}` } : {}), groups: [g] });
  }
  return out;
}

/** A name as an identifier Mermaid and DOT accept unquoted: letters, digits and underscores. */
export function safeId(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Node ids for a graph, unique even when two names differ only in punctuation (api-v2 / api_v2). */
export function nodeIds(graph: StackGraph): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const n of graph.nodes) {
    let id = `n_${safeId(n.name)}`;
    for (let i = 2; used.has(id); i++) id = `n_${safeId(n.name)}_${i}`;
    used.add(id);
    ids.set(n.name, id);
  }
  return ids;
}

/**
 * The words under a node's name on a drawn map: its tags without what its group already says (an app in
 * "apps", a MySQL in "mysql"); jobs keep job/cron and external servers keep their family.
 */
export function detailOf(n: GraphNode): string[] {
  // The namespace box already says where it runs.
  const [first, ...rest] = tagsOf(n).filter((t) => !t.startsWith('namespace '));
  if (n.kind === 'job' || n.kind === 'cron') return [first!, ...rest];
  if (n.external) return [n.type ?? 'infra', ...rest.filter((t) => t !== 'external')];
  return rest;
}
