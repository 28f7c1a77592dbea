/**
 * The apply engine behind `up`, `rollback` and `down`: apply waves with server-side apply, wait for readiness
 * while explaining stalls, prune what left the stack, and record the revision. All cluster I/O goes through
 * ClusterPort; what to do is decided by the pure modules (waves, readiness, explain).
 */
import { createHash } from 'node:crypto';
import { secretObject } from '../emit/secrets.js';
import type { GeneratedSecret } from '../model/generated-secret.js';
import type { ClusterPort } from '../cluster/port.js';
import { orderObjects } from '../generate/order.js';
import { explain } from '../k8s/explain.js';
import { applyRank, PRUNABLE_KINDS, readiness } from '../k8s/kinds/index.js';
import { componentOf, matchLabelsOf, refKey, refOf, selects, type K8sObject, type ObjectRef } from '../k8s/object.js';
import { ownerSelector, prunableSelector, type Owner } from '../model/ownership.js';
import { toYaml } from '../emit/yaml.js';
import { mapLimit, sleep } from '../util/concurrency.js';
import type { Step, Wave } from './waves.js';

export type { Action, LifecycleEvent, Reporter } from './events.js';
import type { Action, Reporter } from './events.js';
export type { Owner } from '../model/ownership.js';

export function stackHash(objects: readonly K8sObject[]): string {
  return createHash('sha256').update(toYaml(objects)).digest('hex');
}

/** Generated credentials: created when missing, never overwritten or rotated. Values are never reported. */
export async function ensureGeneratedSecrets(client: ClusterPort, stack: string, secrets: readonly GeneratedSecret[], key: Uint8Array, report: Reporter): Promise<void> {
  await mapLimit(secrets, 8, async (s) => {
    // Derived exactly as `render --secrets include` derives them, so applying a render after `up` changes nothing.
    const created = await client.createIfMissing(secretObject(stack, s, key));
    report({ type: 'secret', name: s.name, action: created ? 'created' : 'kept' });
  });
}

export interface ApplyOptions {
  /** Per-component readiness timeout in seconds. @default 300 */
  timeoutSeconds?: number;
  /** Parallel API calls. @default 16 */
  concurrency?: number;
  /** Set when the user interrupts: stop before the next step. */
  signal?: AbortSignal;
}

/** Annotation holding a hash of what slipway last applied to an object. */
export const APPLIED_HASH = 'slipway.dev/applied-hash';

/** The object as slipway applies it: stamped with a hash of its rendered content. */
export function withAppliedHash(o: K8sObject): K8sObject {
  const hash = createHash('sha256').update(JSON.stringify(o)).digest('hex').slice(0, 16);
  return { ...o, metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, [APPLIED_HASH]: hash } } };
}

/** What the live object looked like before this run, by object key. */
export interface LiveState {
  resourceVersion: string;
  appliedHash?: string;
  /** Someone other than slipway and the controllers changed it (kubectl edit, scale, another tool). */
  touched: boolean;
}
export type Before = ReadonlyMap<string, LiveState>;

/** Managers that write an object's non-status fields besides slipway without that being drift. */
const CONTROLLERS = new Set(['slipway', 'kube-controller-manager']);

export function liveState(o: K8sObject): LiveState {
  const fields = (o.metadata.managedFields ?? []) as { manager?: string; subresource?: string }[];
  return {
    resourceVersion: String(o.metadata.resourceVersion),
    ...(o.metadata.annotations?.[APPLIED_HASH] ? { appliedHash: o.metadata.annotations[APPLIED_HASH] } : {}),
    touched: fields.some((f) => f.subresource !== 'status' && !CONTROLLERS.has(f.manager ?? '')),
  };
}

async function applyOne(client: ClusterPort, o: K8sObject, before: Before | undefined, report: Reporter): Promise<Action> {
  const key = refKey(refOf(o));
  const desired = withAppliedHash(o);
  // The owned-object lists cover namespaced kinds; anything else (the Namespace) is read on its own.
  const live = before && o.kind !== 'Namespace' ? before.get(key) : await client.get(refOf(o)).then((l) => (l ? liveState(l) : undefined));
  // Same content as last applied and nobody else changed it: nothing to send (the fast path of a no-op up).
  if (live && !live.touched && live.appliedHash === desired.metadata.annotations?.[APPLIED_HASH]) {
    report({ type: 'applied', object: key, action: 'unchanged' });
    return 'unchanged';
  }
  const after = await client.apply(desired);
  const action: Action = live === undefined ? 'created' : live.resourceVersion === after.metadata.resourceVersion ? 'unchanged' : 'configured';
  report({ type: 'applied', object: key, action });
  return action;
}

interface Pending {
  component: string;
  objects: K8sObject[];
  started: number;
  /** This component's limit in ms: its own `timeout:` or the run's default. */
  limit: number;
  last: string;
}

/**
 * Wait until every component of a wave is ready. One poll lists each workload kind and the pods of the namespace
 * once for all components (the API server's load does not grow with the number of components); events are read
 * only for components that have been waiting a while. Explains stalls; fails fast on states that will not heal.
 */
async function waitWave(client: ClusterPort, steps: readonly Step[], opts: ApplyOptions, report: Reporter): Promise<void> {
  const pending: Pending[] = steps
    .filter((s) => s.wait && s.component)
    .map((s) => ({ component: s.component!, objects: s.objects, started: Date.now(), limit: (s.timeoutSeconds ?? opts.timeoutSeconds ?? 300) * 1000, last: '' }));
  const namespace = pending[0]?.objects[0]?.metadata.namespace;
  const t0 = Date.now();
  while (pending.length) {
    if (opts.signal?.aborted) throw new Error('interrupted');
    const kinds = [...new Map(pending.flatMap((p) => p.objects.map((o) => [`${o.apiVersion}/${o.kind}`, o] as const))).values()];
    const [pods, ...lists] = await Promise.all([client.list('v1', 'Pod', namespace), ...kinds.map((k) => client.list(k.apiVersion, k.kind, namespace))]);
    const live = new Map(lists.flat().map((o) => [`${o.kind}/${o.metadata.name}`, o]));
    const slow = pending.some((p) => Date.now() - p.started > 2000);
    const events = slow ? await client.list('v1', 'Event', namespace) : [];
    for (const p of [...pending]) {
      let waiting: { where: string; message: string; problem?: string } | undefined;
      for (const o of p.objects) {
        const where = `${o.kind}/${o.metadata.name}`;
        const current = live.get(where);
        const selector = current ? matchLabelsOf(current) : undefined;
        const podsOf = selector ? pods!.filter((pod) => selects(selector, pod)) : [];
        const state = current ? readiness(current, podsOf) : { done: false, ok: false, message: 'not found yet' };
        if (state.done && state.ok) continue;
        const problem = slow || state.done ? explain(podsOf, events, current) : undefined;
        const problemText = problem ? `${problem.reason}: ${problem.message}` : undefined;
        if (state.done) throw failure(report, p.component, `${where}: ${state.message}${problemText ? ` — ${problemText}` : ''}`);
        if (problem?.fatal) throw failure(report, p.component, `${where}: ${problemText}`);
        if (Date.now() - p.started > p.limit) throw failure(report, p.component, `${where}: not ready after ${p.limit / 1000}s (${state.message})${problemText ? ` — ${problemText}` : ''}`);
        waiting = { where, message: state.message, ...(problemText ? { problem: problemText } : {}) };
        break;
      }
      if (!waiting) {
        report({ type: 'ready', component: p.component, seconds: Math.round((Date.now() - p.started) / 100) / 10 });
        pending.splice(pending.indexOf(p), 1);
        continue;
      }
      const text = `${waiting.where}: ${waiting.message}`;
      if (text + (waiting.problem ?? '') !== p.last) {
        report({ type: 'waiting', component: p.component, message: text, ...(waiting.problem ? { problem: waiting.problem } : {}) });
        p.last = text + (waiting.problem ?? '');
      }
    }
    // Poll fast at first (most things are ready within a second or two), then back off.
    if (pending.length) await sleep(Math.min(1000, 150 + (Date.now() - t0) / 10));
  }
}

function failure(report: Reporter, component: string, reason: string): ComponentFailure {
  report({ type: 'failed', component, reason });
  return new ComponentFailure(component, reason);
}

export class ComponentFailure extends Error {
  constructor(
    readonly component: string,
    readonly reason: string,
  ) {
    super(`${component}: ${reason}`);
    this.name = 'ComponentFailure';
  }
}

/** Apply the waves in order; inside a wave, all objects in parallel, then wait for its components together. */
export async function applyWaves(client: ClusterPort, waves: readonly Wave[], opts: ApplyOptions & { before?: Before }, report: Reporter): Promise<Action[]> {
  const actions: Action[] = [];
  for (const [i, wave] of waves.entries()) {
    if (opts.signal?.aborted) throw new Error('interrupted');
    report({ type: 'wave', index: i + 1, total: waves.length, name: wave.name });
    actions.push(...(await mapLimit(wave.steps.flatMap((s) => s.objects), opts.concurrency ?? 32, (o) => applyOne(client, o, opts.before, report))));
    await waitWave(client, wave.steps, opts, report);
  }
  return actions;
}

/** Live objects slipway owns for this stack and environment (credentials and history excluded). */
export async function ownedObjects(client: ClusterPort, owner: Owner, kinds: readonly (readonly [string, string])[] = PRUNABLE_KINDS): Promise<K8sObject[]> {
  const lists = await mapLimit(kinds, 8, ([apiVersion, kind]) => client.list(apiVersion, kind, owner.namespace, prunableSelector(owner)));
  return lists.flat();
}

/** Delete objects in reverse apply order and wait until they are gone. */
export async function deleteInOrder(client: ClusterPort, objects: readonly K8sObject[], componentOrder: readonly string[], report: Reporter, timeoutSeconds = 120): Promise<void> {
  const ordered = orderObjects(objects, componentOrder).reverse();
  // Group by kind rank so routing goes first and identity last, with each group in parallel.
  const groups = new Map<number, K8sObject[]>();
  for (const o of ordered) groups.set(applyRank(o.kind), [...(groups.get(applyRank(o.kind)) ?? []), o]);
  for (const rank of [...groups.keys()].sort((a, b) => b - a)) {
    const group = groups.get(rank)!;
    await mapLimit(group, 16, async (o) => {
      await client.delete(refOf(o));
      report({ type: 'deleted', object: refKey(refOf(o)) });
    });
    const deadline = Date.now() + timeoutSeconds * 1000;
    for (const o of group) {
      while ((await client.get(refOf(o))) && Date.now() < deadline) await sleep(500);
    }
  }
}

/** PersistentVolumeClaims that belonged to these components: kept, and reported. */
export async function dataVolumes(client: ClusterPort, owner: Owner, components?: ReadonlySet<string>): Promise<ObjectRef[]> {
  const pvcs = await client.list('v1', 'PersistentVolumeClaim', owner.namespace, ownerSelector(owner));
  return pvcs.filter((p) => !components || components.has(componentOf(p) ?? '')).map(refOf);
}
