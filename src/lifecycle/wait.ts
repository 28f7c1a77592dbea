/**
 * Readiness of the components `up` is waiting for. One poll lists each workload kind once for all waiting
 * components (the API server's load does not grow with their number); pods and events are read only to explain a
 * component that has been waiting a while or has failed. Stalls are explained; states that will not heal fail fast.
 */
import type { ClusterPort } from '../cluster/port.js';
import { explain } from '../k8s/explain.js';
import { readiness } from '../k8s/kinds/index.js';
import type { Readiness } from '../k8s/readiness.js';
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
 * poll leaves a component waiting. A no-op `up` then reads the workloads once, not once per level. Workloads are
 * listed with the owner selector of the plan's inventory (every object slipway applies carries it, or prune could
 * not find it), so the inventory's lists, read through here just before, serve the first poll too.
 */
export class PollReads {
  private readonly lists = new Map<string, Promise<K8sObject[]>>();

  /** @param selector the run's owned-objects selector (prunableSelector); none lists everything. */
  constructor(
    private readonly client: ClusterPort,
    private readonly selector?: string,
  ) {}

  /** Objects of a kind that this run owns (the selector given at construction, unless another is asked for). */
  list(apiVersion: string, kind: string, namespace: string | undefined, selector = this.selector): Promise<K8sObject[]> {
    return this.cached(`${apiVersion}/${kind}/${namespace ?? ''}?${selector ?? ''}`, () => this.client.list(apiVersion, kind, namespace, selector));
  }

  /** Every pod of a namespace: an operator's pods carry the operator's labels, not the stack's. */
  pods(namespace: string | undefined): Promise<K8sObject[]> {
    return this.cached(`v1/Pod/${namespace ?? ''}`, () => this.client.list('v1', 'Pod', namespace));
  }

  forget(): void {
    this.lists.clear();
  }

  private cached(key: string, read: () => Promise<K8sObject[]>): Promise<K8sObject[]> {
    let list = this.lists.get(key);
    if (!list) this.lists.set(key, (list = read()));
    return list;
  }
}

/**
 * One poll over every waiting component; returns the components that are ready now (reported as such). A workload's
 * verdict reads only its own status (as `kubectl rollout status` does); pods are read only to explain one that is
 * slow or failed, so a poll that finds everything ready (every no-op `up`) never lists them: a namespace's pods
 * are the largest list it has (about 1 MB at 300 objects).
 */
export async function pollReady(client: ClusterPort, waiting: readonly Waiting[], report: Reporter, reads = new PollReads(client)): Promise<string[]> {
  if (!waiting.length) return [];
  // Usually one namespace; a log agent waits in its own beside the stack's.
  const namespaces = [...new Set(waiting.flatMap((p) => p.objects.map((o) => o.metadata.namespace)))];
  const kinds = [...new Map(waiting.flatMap((p) => p.objects.map((o) => [`${o.apiVersion}/${o.kind}`, o] as const))).values()];
  const lists = await Promise.all(namespaces.flatMap((ns) => kinds.map((k) => reads.list(k.apiVersion, k.kind, ns))));
  const live = new Map(lists.flat().map((o) => [`${o.metadata.namespace ?? ''}/${o.kind}/${o.metadata.name}`, o]));
  const current = (o: K8sObject) => live.get(`${o.metadata.namespace ?? ''}/${o.kind}/${o.metadata.name}`) ?? (namespaces.length === 1 ? live.get(`/${o.kind}/${o.metadata.name}`) : undefined);
  const now = Date.now();
  const slow = waiting.some((p) => now - p.started > 2000);
  // The first object of each component that is not ready yet, with its verdict: the only ones a poll explains.
  const stuck = waiting.map((p) => {
    for (const o of p.objects) {
      const state = readinessOf(current(o), []);
      if (!(state.done && state.ok)) return { o, state };
    }
    return undefined;
  });
  const explaining = stuck.some((s) => s && (slow || s.state.done));
  const pods = explaining ? (await Promise.all(namespaces.map((ns) => reads.pods(ns)))).flat() : [];
  const events = slow && explaining ? (await Promise.all(namespaces.map((ns) => client.list('v1', 'Event', ns)))).flat() : [];
  const ready: string[] = [];
  for (const [i, p] of waiting.entries()) {
    const o = stuck[i]?.o;
    if (!o) {
      report({ type: 'ready', component: p.component, seconds: Math.round((now - p.started) / 100) / 10 });
      ready.push(p.component);
      continue;
    }
    const where = `${o.kind}/${o.metadata.name}`;
    const c = current(o);
    const selector = c ? matchLabelsOf(c) : undefined;
    const podsOf = selector ? pods.filter((pod) => (pod.metadata.namespace ?? c?.metadata.namespace) === c?.metadata.namespace && selects(selector, pod)) : [];
    const state = readinessOf(c, podsOf);
    const problem = slow || state.done ? explain(podsOf, events, c) : undefined;
    const problemText = problem ? `${problem.reason}: ${problem.message}` : undefined;
    if (state.done) throw failure(report, p.component, `${where}: ${state.message}${problemText ? ` — ${problemText}` : ''}`);
    if (problem?.fatal) throw failure(report, p.component, `${where}: ${problemText}`);
    if (now - p.started > p.limit) throw failure(report, p.component, `${where}: not ready after ${p.limit / 1000}s (${state.message})${problemText ? ` — ${problemText}` : ''}`);
    const text = `${where}: ${state.message}`;
    if (text + (problemText ?? '') !== p.last) {
      report({ type: 'waiting', component: p.component, message: text, ...(problemText ? { problem: problemText } : {}) });
      p.last = text + (problemText ?? '');
    }
  }
  return ready;
}

function readinessOf(live: K8sObject | undefined, pods: readonly K8sObject[]): Readiness {
  return live ? readiness(live, pods) : { done: false, ok: false, message: 'not found yet' };
}
