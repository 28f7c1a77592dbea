/**
 * The cluster side of the page: one watch per workload kind, on pods and on events in the stack's namespace,
 * kept as a local copy that is mapped to component states on every change (debounced) and pushed to the
 * subscribers. A watch the server ends is listed and watched again; one that fails is retried with a backoff
 * and the view says the cluster is unreachable meanwhile. The page never polls: it listens to this.
 */
import type { ClusterPort, Watching } from '../cluster/port.js';
import { WORKLOAD_KINDS } from '../k8s/kinds/index.js';
import type { K8sObject } from '../k8s/object.js';
import type { StackGraph } from '../model/graph.js';
import type { LiveSnapshot } from './protocol.js';
import { componentStates, type LiveObjects } from './state.js';

const KINDS: readonly (readonly [string, string])[] = [...WORKLOAD_KINDS, ['v1', 'Pod'], ['v1', 'Event']];
const DEBOUNCE_MS = 150;
const MAX_BACKOFF_MS = 10_000;

export interface LiveView {
  snapshot(): LiveSnapshot;
  /** Called with every new snapshot; returns the unsubscribe function. */
  subscribe(listener: (s: LiveSnapshot) => void): () => void;
  /** The objects watched now, undefined while no cluster answers. */
  objects(): LiveObjects | undefined;
  close(): void;
}

export interface LiveTarget {
  graph: StackGraph;
  members: ReadonlyMap<string, readonly string[]>;
  namespace: string;
  /** undefined = no cluster could be reached at all (e.g. no kubeconfig); `unreachable` says why. */
  client: ClusterPort | undefined;
  unreachable?: string;
  now?: () => Date;
}

const keyOf = (o: K8sObject): string => (typeof o.metadata.uid === 'string' ? o.metadata.uid : `${o.metadata.namespace ?? ''}/${o.metadata.name}`);

export function startLive(t: LiveTarget): LiveView {
  const now = t.now ?? (() => new Date());
  const stores = new Map<string, Map<string, K8sObject>>(KINDS.map(([, k]) => [k, new Map()]));
  const failing = new Map<string, string>();
  const started = new Set<string>();
  const listeners = new Set<(s: LiveSnapshot) => void>();
  const watches = new Map<string, Watching>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  let pending: NodeJS.Timeout | undefined;

  const connected = () => t.client !== undefined && started.size === KINDS.length && failing.size === 0;
  const objects = (): LiveObjects | undefined => {
    if (!connected()) return undefined;
    const all = (kind: string) => [...stores.get(kind)!.values()];
    return { workloads: WORKLOAD_KINDS.flatMap(([, k]) => all(k)), pods: all('Pod'), events: all('Event') };
  };
  const snapshot = (): LiveSnapshot => {
    const live = objects();
    const why = t.client === undefined ? (t.unreachable ?? 'no cluster') : [...failing.values()][0];
    const message = live ? `watching namespace ${t.namespace} on ${t.client!.context}` : (why ?? `connecting to ${t.client?.context ?? 'the cluster'}…`);
    return { connected: live !== undefined, message, components: componentStates(t.graph, t.members, live, now()) };
  };
  const changed = () => {
    if (closed || pending) return;
    pending = setTimeout(() => {
      pending = undefined;
      const s = snapshot();
      for (const l of listeners) l(s);
    }, DEBOUNCE_MS);
  };
  const later = (fn: () => void, ms: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  const follow = async (apiVersion: string, kind: string, backoff: number): Promise<void> => {
    if (closed || !t.client) return;
    const client = t.client;
    const store = stores.get(kind)!;
    try {
      // Listing first drops what was deleted while no watch ran; the watch then replays and follows the rest.
      const listed = await client.list(apiVersion, kind, t.namespace);
      store.clear();
      for (const o of listed) store.set(keyOf(o), o);
      const watching = await client.watch(
        apiVersion,
        kind,
        t.namespace,
        (e) => {
          if (e.type === 'DELETED') store.delete(keyOf(e.object));
          else store.set(keyOf(e.object), e.object);
          changed();
        },
        (error) => {
          watches.delete(kind);
          if (closed) return;
          if (error) failing.set(kind, `cannot watch ${kind}s: ${error.message}`);
          changed();
          later(() => void follow(apiVersion, kind, error ? Math.min(backoff * 2, MAX_BACKOFF_MS) : 500), error ? backoff : 0);
        },
      );
      if (closed) return watching.stop();
      watches.set(kind, watching);
      started.add(kind);
      failing.delete(kind);
    } catch (e) {
      failing.set(kind, `cannot reach ${client.context}: ${(e as Error).message}`);
      later(() => void follow(apiVersion, kind, Math.min(backoff * 2, MAX_BACKOFF_MS)), backoff);
    }
    changed();
  };
  for (const [apiVersion, kind] of KINDS) void follow(apiVersion, kind, 500);

  return {
    snapshot,
    objects,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      clearTimeout(pending);
      for (const timer of timers) clearTimeout(timer);
      for (const w of watches.values()) w.stop();
      watches.clear();
      listeners.clear();
    },
  };
}
