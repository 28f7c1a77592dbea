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

/** Groups in a fixed order (roles, then infra families by name, then external); nodes keep apply order. */
export function groupNodes(graph: StackGraph): NodeGroup[] {
  const groups = new Map<string, NodeGroup & { rank: number }>();
  for (const n of graph.nodes) {
    const g = groupOf(n);
    const seen = groups.get(g.id);
    if (seen) seen.nodes.push(n);
    else groups.set(g.id, { ...g, nodes: [n] });
  }
  return [...groups.values()].sort((a, b) => a.rank - b.rank || a.title.localeCompare(b.title)).map(({ rank: _rank, ...g }) => g);
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
  const [first, ...rest] = tagsOf(n);
  if (n.kind === 'job' || n.kind === 'cron') return [first!, ...rest];
  if (n.external) return [n.type ?? 'infra', ...rest.filter((t) => t !== 'external')];
  return rest;
}
