/** Dependency graph ordering: dependencies first, ties broken by name, cycles reported as a path. */
import type { DependencyEdge } from '../model/resolved.js';

export interface GraphOrder {
  /** Nodes in apply order (every node once). When there is a cycle, its nodes come last. */
  order: string[];
  /** A cycle as a path that ends where it starts: [a, b, a]. */
  cycle?: string[];
}

export function orderGraph(nodes: readonly string[], edges: readonly DependencyEdge[]): GraphOrder {
  const deps = new Map<string, Set<string>>(nodes.map((n) => [n, new Set()]));
  for (const e of edges) if (deps.has(e.from) && deps.has(e.to)) deps.get(e.from)!.add(e.to);
  const order: string[] = [];
  const done = new Set<string>();
  // Kahn's algorithm with a sorted frontier: deterministic, and independent of input order.
  let frontier = [...deps.keys()].filter((n) => deps.get(n)!.size === 0).sort();
  while (frontier.length) {
    const next = frontier.shift()!;
    order.push(next);
    done.add(next);
    const unblocked = [...deps.keys()].filter((n) => !done.has(n) && !frontier.includes(n) && [...deps.get(n)!].every((d) => done.has(d)));
    frontier = [...frontier, ...unblocked].sort();
  }
  if (order.length === deps.size) return { order };
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
