/**
 * What the `slipway ui` server and its page say to each other. Types only: the page imports them at build time,
 * so both sides of the wire are checked by the same compiler.
 */
import type { LifecycleEvent } from '../lifecycle/events.js';
import type { ObjectDiff } from '../lifecycle/diff.js';
import type { HistoryRow } from '../lifecycle/history.js';
import type { StackGraph } from '../model/graph.js';

/**
 * A component's live state, worst first in the page's legend: `failed` will not get better by waiting, `stalled`
 * is not ready and Kubernetes says why, `progressing` is on its way, `missing` has no workload in the cluster,
 * `unknown` means no cluster answered, `external` runs outside the cluster.
 */
export type ComponentState = 'ready' | 'progressing' | 'stalled' | 'failed' | 'missing' | 'unknown' | 'external';

export interface WorkloadView {
  kind: string;
  name: string;
  ready: number;
  desired: number;
  /** What the workload waits on, in `kubectl rollout status` words. */
  message: string;
}

export interface ComponentView {
  name: string;
  state: ComponentState;
  ready: number;
  desired: number;
  restarts: number;
  /** The current stall explanation ("Unschedulable: 0/3 nodes are available: …"), when there is one. */
  problem?: string;
  workloads: WorkloadView[];
}

export interface LiveSnapshot {
  /** Whether the cluster answered; without one every component is `unknown`. */
  connected: boolean;
  /** Why it did not (no kubeconfig, connection refused), or the context it is watching. */
  message: string;
  components: ComponentView[];
}

export interface StackInfo {
  name: string;
  file: string;
  environments: string[];
  /** Clusters by environment, for environments deployed to several. */
  clusters: Record<string, string[]>;
  /** The selection the server was started with. */
  environment: string;
  cluster?: string;
}

export interface GraphView {
  environment: string;
  cluster?: string;
  namespace: string;
  /** The same (collapsed) graph `slipway graph` prints. */
  graph: StackGraph;
}

export interface ObjectView {
  kind: string;
  name: string;
  /** Whether the object exists in the cluster (undefined when no cluster answered). */
  live?: boolean;
}

export interface EventView {
  type: string;
  reason: string;
  object: string;
  message: string;
  count: number;
  last: string;
}

export interface ComponentDetails {
  name: string;
  objects: ObjectView[];
  events: EventView[];
}

export type { HistoryRow, ObjectDiff };

/** `up` and `rollback` started from the page: the engine's events, as the CLI prints them, then the outcome. */
export type RunMessage =
  | { type: 'started'; action: 'up' | 'rollback'; revision?: number }
  | { type: 'event'; event: LifecycleEvent; line: string }
  | { type: 'finished'; ok: boolean; text: string };

/** Server-sent events of /api/live: one `live` message per change of the cluster, and every run message. */
export type LiveMessage = { type: 'live'; snapshot: LiveSnapshot } | { type: 'run'; message: RunMessage };

/** Where a diff object belongs: the component whose objects changed, or "" for shared ones (namespace, RBAC). */
export type DiffView = { component: string; diff: ObjectDiff }[];
