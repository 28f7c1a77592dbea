/** Dependency graph ordering: dependencies first, ties broken by name, cycles reported as a path. */
import type { DependencyEdge } from '../model/resolved.js';

export interface GraphOrder {
  /** Nodes in apply order (every node once). When there is a cycle, its nodes come last. */
  order: string[];
  /** A cycle as a path that ends where it starts: [a, b, a]. */
  cycle?: string[];
}

/** Insert into a sorted array (frontiers stay small; this keeps the order independent of input order). */
function insertSorted(list: string[], item: string): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < item) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, item);
}

export function orderGraph(nodes: readonly string[], edges: readonly Pick<DependencyEdge, 'from' | 'to'>[]): GraphOrder {
  const deps = new Map<string, Set<string>>(nodes.map((n) => [n, new Set()]));
  const users = new Map<string, string[]>(nodes.map((n) => [n, []]));
  for (const e of edges) {
    if (!deps.has(e.from) || !deps.has(e.to) || deps.get(e.from)!.has(e.to)) continue;
    deps.get(e.from)!.add(e.to);
    users.get(e.to)!.push(e.from);
  }
  // Kahn's algorithm with a sorted frontier: deterministic, and independent of input order.
  const waiting = new Map([...deps].map(([n, d]) => [n, d.size]));
  const frontier = [...deps.keys()].filter((n) => waiting.get(n) === 0).sort();
  const order: string[] = [];
  while (frontier.length) {
    const next = frontier.shift()!;
    order.push(next);
    for (const u of users.get(next)!) {
      const left = waiting.get(u)! - 1;
      waiting.set(u, left);
      if (left === 0) insertSorted(frontier, u);
    }
  }
  if (order.length === deps.size) return { order };
  const done = new Set(order);
  const rest = [...deps.keys()].filter((n) => !done.has(n)).sort();
  return { order: [...order, ...rest], cycle: findCycle(rest, deps) };
}

function findCycle(candidates: string[], deps: Map<string, Set<string>>): string[] | undefined {
  for (const start of candidates) {
    const stack: string[] = [];
    const visit = (n: string): string[] | undefined => {
      const at = stack.indexOf(n);
      if (at >= 0) return [...stack.slice(at), n];
      stack.push(n);
      for (const d of [...(deps.get(n) ?? [])].sort()) {
        const found = visit(d);
        if (found) return found;
      }
      stack.pop();
      return undefined;
    };
    const cycle = visit(start);
    if (cycle) return cycle;
  }
  return undefined;
}
