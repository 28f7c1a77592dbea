/**
 * The stack as a graph: one node per component (stamped tenant and shard copies are nodes of their own), one
 * edge per `uses`. Plans, printers and emitters read this instead of the resolved stack, so the lifecycle never
 * needs the resolve stage's types. Plain data: it is recorded in revisions and replayed by `rollback`.
 */

export type NodeKind = 'service' | 'worker' | 'cron' | 'job' | 'agent' | 'infra';

export interface GraphNode {
  /** Component name (object name prefix): the service name plus -<tenant> or -<shard> when stamped. */
  name: string;
  kind: NodeKind;
  /** The name in the stack file, when it differs from `name` (stamped copies). */
  base?: string;
  tenant?: string;
  shard?: string;
  /** The component's own readiness timeout for `up`, in seconds, when the stack sets one. */
  timeoutSeconds?: number;
  /** Infra: the catalog type (postgresql, kafka, …), which groups it with its family on a map. */
  type?: string;
  /** Infra that runs outside the cluster (mode: external): a node on the map, no objects in the plan. */
  external?: boolean;
  /** Where it runs, on maps that span several namespaces (analyze of a cluster or of mixed manifests). */
  namespace?: string;
  /** A collapsed node (graph/collapse.ts): the tenants or shards its stamped copies stand for. */
  copies?: { by: 'tenant' | 'shard'; names: string[] };
}

export interface GraphEdge {
  /** The user. */
  from: string;
  /** The dependency. */
  to: string;
  /** `from` waits until `to` is ready before it starts; false = it only knows the address. */
  wait: boolean;
  /** What the edge carries, for maps: "database orders", "brokers", "url", "completion". */
  carries?: string;
}

export interface StackGraph {
  /** Nodes in apply order: dependencies first, ties by name. */
  nodes: GraphNode[];
  /** Sorted by from, then to. */
  edges: GraphEdge[];
}

/** The components `name` waits for before it starts, sorted. */
export function waitsFor(graph: StackGraph, name: string): string[] {
  return graph.edges.filter((e) => e.from === name && e.wait).map((e) => e.to);
}

/** Component names in apply order. */
export function orderOf(graph: StackGraph): string[] {
  return graph.nodes.map((n) => n.name);
}
