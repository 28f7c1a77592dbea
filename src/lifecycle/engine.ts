/**
 * The apply engine behind `up`, `rollback` and `down`: apply waves with server-side apply, wait for readiness
 * while explaining stalls, prune what left the stack, and record the revision. All cluster I/O goes through
 * ClusterClient; what to do is decided by the pure modules (waves, readiness, explain).
 */
import { createHash, randomInt } from 'node:crypto';
import type { GeneratedSecret } from '../catalog/contract.js';
import { refKey, refOf, type ClusterClient, type ObjectRef } from '../cluster/client.js';
import { kindRank, orderObjects } from '../generate/order.js';
import type { K8sObject } from '../model/k8s.js';
import { toYaml } from '../emit/yaml.js';
import { explain } from './explain.js';
import { readiness } from './readiness.js';
import type { Wave } from './waves.js';

export type Action = 'created' | 'configured' | 'unchanged';

export type LifecycleEvent =
  | { type: 'wave'; index: number; total: number; name: string }
  | { type: 'applied'; object: string; action: Action }
  | { type: 'secret'; name: string; action: 'created' | 'kept' }
  | { type: 'waiting'; component: string; message: string; problem?: string }
  | { type: 'ready'; component: string; seconds: number }
  | { type: 'failed'; component: string; reason: string }
  | { type: 'deleted'; object: string }
  | { type: 'kept'; object: string; why: string }
  | { type: 'note'; message: string };

export type Reporter = (e: LifecycleEvent) => void;

export interface Owner {
  stack: string;
  environment: string;
  namespace: string;
}

/** Labels that prove slipway owns an object for this stack and environment. */
export function ownerSelector(o: Owner): string {
  return `app.kubernetes.io/managed-by=slipway,app.kubernetes.io/part-of=${o.stack},slipway.dev/environment=${o.environment}`;
}

/** Kinds slipway creates and may therefore prune (cluster-scoped Namespace excluded: it holds the data). */
export const OWNED_KINDS: readonly [string, string][] = [
  ['networking.k8s.io/v1', 'Ingress'],
  ['policy/v1', 'PodDisruptionBudget'],
  ['autoscaling/v2', 'HorizontalPodAutoscaler'],
  ['networking.k8s.io/v1', 'NetworkPolicy'],
  ['batch/v1', 'CronJob'],
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'DaemonSet'],
  ['batch/v1', 'Job'],
  ['apps/v1', 'StatefulSet'],
  ['v1', 'Service'],
  ['v1', 'ConfigMap'],
  ['v1', 'Secret'],
  ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
  ['rbac.authorization.k8s.io/v1', 'Role'],
  ['v1', 'ServiceAccount'],
];

export function stackHash(objects: readonly K8sObject[]): string {
  return createHash('sha256').update(toYaml(objects)).digest('hex');
}

/** Run `fn` over items with at most `limit` in flight. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  });
  await Promise.all(workers);
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function randomPassword(): string {
  return Array.from({ length: 32 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

/** Generated credentials: created when missing, never overwritten or rotated. Values are never reported. */
export async function ensureGeneratedSecrets(client: ClusterClient, secrets: readonly GeneratedSecret[], report: Reporter): Promise<void> {
  await mapLimit(secrets, 8, async (s) => {
    const data: Record<string, string> = {};
    for (const [k, v] of Object.entries(s.fixed ?? {})) data[k] = Buffer.from(v).toString('base64');
    for (const k of s.keys) data[k] = Buffer.from(randomPassword()).toString('base64');
    const created = await client.createIfMissing({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: s.name, namespace: s.namespace, labels: s.labels, annotations: { 'slipway.dev/generated': 'true' } },
      type: 'Opaque',
      data,
    });
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

async function applyOne(client: ClusterClient, o: K8sObject, report: Reporter): Promise<Action> {
  const before = await client.get(refOf(o));
  const after = await client.apply(o);
  const action: Action = !before ? 'created' : before.metadata.resourceVersion === after.metadata.resourceVersion ? 'unchanged' : 'configured';
  report({ type: 'applied', object: refKey(refOf(o)), action });
  return action;
}

function selectorOf(o: K8sObject): string | undefined {
  const labels = (o as { spec?: { selector?: { matchLabels?: Record<string, string> } } }).spec?.selector?.matchLabels;
  return labels ? Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',') : undefined;
}

/** Wait until every workload of a component is ready; explain what it waits on; fail fast on what won't heal. */
async function waitComponent(client: ClusterClient, component: string, objects: K8sObject[], opts: ApplyOptions, report: Reporter): Promise<void> {
  const started = Date.now();
  const deadline = started + (opts.timeoutSeconds ?? 300) * 1000;
  let lastMessage = '';
  for (const o of objects) {
    for (;;) {
      if (opts.signal?.aborted) throw new Error('interrupted');
      const live = await client.get(refOf(o));
      const selector = selectorOf(o);
      const pods = live && selector ? await client.list('v1', 'Pod', o.metadata.namespace, selector) : [];
      const state = live ? readiness(live, pods) : { done: false, ok: false, message: 'not found' };
      if (state.done && state.ok) break;
      // Events also explain pods that were never created (e.g. refused by Pod Security admission).
      const events = await client.list('v1', 'Event', o.metadata.namespace);
      const problem = explain(pods, events, live);
      const where = `${o.kind}/${o.metadata.name}`;
      if (state.done && !state.ok) throw new ComponentFailure(component, `${where}: ${state.message}${problem ? ` — ${problem.reason}: ${problem.message}` : ''}`);
      if (problem?.fatal) throw new ComponentFailure(component, `${where}: ${problem.reason}: ${problem.message}`);
      const message = `${where}: ${state.message}`;
      const problemText = problem ? `${problem.reason}: ${problem.message}` : undefined;
      if (message + problemText !== lastMessage) {
        report({ type: 'waiting', component, message, ...(problemText ? { problem: problemText } : {}) });
        lastMessage = message + problemText;
      }
      if (Date.now() > deadline) throw new ComponentFailure(component, `${where}: not ready after ${opts.timeoutSeconds ?? 300}s (${state.message})${problemText ? ` — ${problemText}` : ''}`);
      await sleep(1000);
    }
  }
  report({ type: 'ready', component, seconds: Math.round((Date.now() - started) / 100) / 10 });
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

/** Apply the waves in order; inside a wave, steps run in parallel. Returns the actions taken. */
export async function applyWaves(client: ClusterClient, waves: readonly Wave[], opts: ApplyOptions, report: Reporter): Promise<Action[]> {
  const actions: Action[] = [];
  for (const [i, wave] of waves.entries()) {
    if (opts.signal?.aborted) throw new Error('interrupted');
    report({ type: 'wave', index: i + 1, total: waves.length, name: wave.name });
    const results = await Promise.allSettled(
      wave.steps.map(async (step) => {
        actions.push(...(await mapLimit(step.objects, opts.concurrency ?? 16, (o) => applyOne(client, o, report))));
        if (step.wait && step.component) await waitComponent(client, step.component, step.objects, opts, report);
      }),
    );
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as Error);
    for (const f of failed) if (f instanceof ComponentFailure) report({ type: 'failed', component: f.component, reason: f.reason });
    if (failed.length) throw failed[0];
  }
  return actions;
}

/** Live objects slipway owns for this stack and environment (credentials and history excluded). */
export async function ownedObjects(client: ClusterClient, owner: Owner): Promise<K8sObject[]> {
  const selector = `${ownerSelector(owner)},slipway.dev/generated!=true`;
  const lists = await mapLimit(OWNED_KINDS, 8, ([apiVersion, kind]) => client.list(apiVersion, kind, owner.namespace, selector));
  return lists.flat().filter((o) => o.metadata.labels?.['slipway.dev/history'] !== 'true');
}

/** Delete objects in reverse apply order and wait until they are gone. */
export async function deleteInOrder(client: ClusterClient, objects: readonly K8sObject[], componentOrder: readonly string[], report: Reporter, timeoutSeconds = 120): Promise<void> {
  const ordered = orderObjects(objects, componentOrder).reverse();
  // Group by kind rank so routing goes first and identity last, with each group in parallel.
  const groups = new Map<number, K8sObject[]>();
  for (const o of ordered) groups.set(kindRank(o.kind), [...(groups.get(kindRank(o.kind)) ?? []), o]);
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
export async function dataVolumes(client: ClusterClient, owner: Owner, components?: ReadonlySet<string>): Promise<ObjectRef[]> {
  const pvcs = await client.list('v1', 'PersistentVolumeClaim', owner.namespace, ownerSelector(owner));
  return pvcs.filter((p) => !components || components.has(p.metadata.labels?.['app.kubernetes.io/name'] ?? '')).map(refOf);
}
