/**
 * Readiness of the components `up` is waiting for. One poll lists each workload kind and the pods of the
 * namespace once for all waiting components (the API server's load does not grow with their number); events
 * are read only once some component has been waiting a while. Stalls are explained; states that will not heal
 * fail fast.
 */
import type { ClusterPort } from '../cluster/port.js';
import { explain } from '../k8s/explain.js';
import { readiness } from '../k8s/kinds/index.js';
import { matchLabelsOf, selects, type K8sObject } from '../k8s/object.js';
import { ComponentFailure, type Reporter } from './events.js';

export interface Waiting {
  component: string;
  objects: K8sObject[];
  /** When its objects were applied (ms). */
  started: number;
  /** This component's limit in ms: its own `timeout:` or the run's default. */
  limit: number;
  /** The last state reported, so a state is reported once. */
  last: string;
}

function failure(report: Reporter, component: string, reason: string): ComponentFailure {
  report({ type: 'failed', component, reason });
  return new ComponentFailure(component, reason);
}

/**
 * The lists one poll reads, kept while they cannot be stale: `up` forgets them whenever it changes something or a
 * poll leaves a component waiting. A no-op `up` then reads the pods and workloads once, not once per level.
 */
export class PollReads {
  private readonly lists = new Map<string, Promise<K8sObject[]>>();

  constructor(private readonly client: ClusterPort) {}

  list(apiVersion: string, kind: string, namespace: string | undefined): Promise<K8sObject[]> {
    const key = `${apiVersion}/${kind}/${namespace ?? ''}`;
    let list = this.lists.get(key);
    if (!list) this.lists.set(key, (list = this.client.list(apiVersion, kind, namespace)));
    return list;
  }

  forget(): void {
    this.lists.clear();
  }
}

/** One poll over every waiting component; returns the components that are ready now (reported as such). */
export async function pollReady(client: ClusterPort, waiting: readonly Waiting[], report: Reporter, reads = new PollReads(client)): Promise<string[]> {
  if (!waiting.length) return [];
  // Usually one namespace; a log agent waits in its own beside the stack's.
  const namespaces = [...new Set(waiting.flatMap((p) => p.objects.map((o) => o.metadata.namespace)))];
  const kinds = [...new Map(waiting.flatMap((p) => p.objects.map((o) => [`${o.apiVersion}/${o.kind}`, o] as const))).values()];
  const perNamespace = await Promise.all(
    namespaces.map(async (ns) => {
      const [pods, ...lists] = await Promise.all([reads.list('v1', 'Pod', ns), ...kinds.map((k) => reads.list(k.apiVersion, k.kind, ns))]);
      return { pods: pods!, objects: lists.flat() };
    }),
  );
  const pods = perNamespace.flatMap((n) => n.pods);
  const live = new Map(perNamespace.flatMap((n) => n.objects).map((o) => [`${o.metadata.namespace ?? ''}/${o.kind}/${o.metadata.name}`, o]));
  const now = Date.now();
  const slow = waiting.some((p) => now - p.started > 2000);
  const events = slow ? (await Promise.all(namespaces.map((ns) => client.list('v1', 'Event', ns)))).flat() : [];
  const ready: string[] = [];
  for (const p of waiting) {
    let stuck: { where: string; message: string; problem?: string } | undefined;
    for (const o of p.objects) {
      const where = `${o.kind}/${o.metadata.name}`;
      const current = live.get(`${o.metadata.namespace ?? ''}/${where}`) ?? (namespaces.length === 1 ? live.get(`/${where}`) : undefined);
      const selector = current ? matchLabelsOf(current) : undefined;
      const podsOf = selector ? pods.filter((pod) => (pod.metadata.namespace ?? current?.metadata.namespace) === current?.metadata.namespace && selects(selector, pod)) : [];
      const state = current ? readiness(current, podsOf) : { done: false, ok: false, message: 'not found yet' };
      if (state.done && state.ok) continue;
      const problem = slow || state.done ? explain(podsOf, events, current) : undefined;
      const problemText = problem ? `${problem.reason}: ${problem.message}` : undefined;
      if (state.done) throw failure(report, p.component, `${where}: ${state.message}${problemText ? ` — ${problemText}` : ''}`);
      if (problem?.fatal) throw failure(report, p.component, `${where}: ${problemText}`);
      if (now - p.started > p.limit) throw failure(report, p.component, `${where}: not ready after ${p.limit / 1000}s (${state.message})${problemText ? ` — ${problemText}` : ''}`);
      stuck = { where, message: state.message, ...(problemText ? { problem: problemText } : {}) };
      break;
    }
    if (!stuck) {
      report({ type: 'ready', component: p.component, seconds: Math.round((now - p.started) / 100) / 10 });
      ready.push(p.component);
      continue;
    }
    const text = `${stuck.where}: ${stuck.message}`;
    if (text + (stuck.problem ?? '') !== p.last) {
      report({ type: 'waiting', component: p.component, message: text, ...(stuck.problem ? { problem: stuck.problem } : {}) });
      p.last = text + (stuck.problem ?? '');
    }
  }
  return ready;
}
