/**
 * The cluster-side steps behind `up`, `rollback` and `down`: create credentials, apply one object with
 * server-side apply (skipping what is already as desired), list what slipway owns, delete in groups. All
 * cluster I/O goes through ClusterPort; what to do is decided by the pure plan (src/plan) and execute.ts runs it.
 */
import { createHash } from 'node:crypto';
import { secretObject } from '../emit/secrets.js';
import type { GeneratedSecret } from '../model/generated-secret.js';
import type { ClusterPort } from '../cluster/port.js';
import { PRUNABLE_KINDS } from '../k8s/kinds/index.js';
import { componentOf, refKey, refOf, type K8sObject, type ObjectRef } from '../k8s/object.js';
import { ownerSelector, prunableSelector, type Owner } from '../model/ownership.js';
import { mapLimit, sleep } from '../util/concurrency.js';

import type { Action, Reporter } from './events.js';
import { HANDOVER_MANAGER, handOverReplicas } from './replicas-handover.js';
import { RESTART_MANAGER } from './rolling-restart.js';

/**
 * Generated credentials: created when missing, never overwritten or rotated. A Secret that exists but lacks keys the
 * stack added since gets those keys only; the keys it has keep their values. Values are never reported.
 */
export async function ensureGeneratedSecrets(client: ClusterPort, stack: string, secrets: readonly GeneratedSecret[], key: Uint8Array, report: Reporter): Promise<void> {
  await mapLimit(secrets, 8, async (s) => {
    // Derived exactly as `render --secrets include` derives them, so applying a render after `up` changes nothing.
    const desired = secretObject(stack, s, key) as K8sObject & { data: Record<string, string> };
    const read = () => client.get(refOf(desired)) as Promise<(K8sObject & { data?: Record<string, string> }) | undefined>;
    // Read first: on every run but the first the Secret exists, and one read beats a create refused with 409.
    let live = await read();
    if (!live) {
      if (await client.createIfMissing(desired)) return report({ type: 'secret', name: s.name, action: 'created' });
      // Someone created it since the read: take theirs as it is.
      live = await read();
    }
    const missing = Object.keys(desired.data).filter((k) => live?.data?.[k] === undefined);
    if (!live || !missing.length) return report({ type: 'secret', name: s.name, action: 'kept' });
    // A replace at the read resourceVersion: a concurrent change fails it rather than being overwritten.
    await client.replace({ ...live, data: { ...live.data, ...Object.fromEntries(missing.map((k) => [k, desired.data[k]!])) } });
    report({ type: 'secret', name: s.name, action: 'keys added', keys: missing });
  });
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
const CONTROLLERS = new Set(['slipway', HANDOVER_MANAGER, RESTART_MANAGER, 'kube-controller-manager']);

export function liveState(o: K8sObject): LiveState {
  const fields = (o.metadata.managedFields ?? []) as { manager?: string; subresource?: string }[];
  return {
    resourceVersion: String(o.metadata.resourceVersion),
    ...(o.metadata.annotations?.[APPLIED_HASH] ? { appliedHash: o.metadata.annotations[APPLIED_HASH] } : {}),
    touched: fields.some((f) => f.subresource !== 'status' && !CONTROLLERS.has(f.manager ?? '')),
  };
}

/** Apply one object unless the live one already has this content; reports and returns what happened. */
export async function applyOne(client: ClusterPort, o: K8sObject, before: Before | undefined, report: Reporter): Promise<Action> {
  const key = refKey(refOf(o));
  const desired = withAppliedHash(o);
  // The owned-object lists cover namespaced kinds; anything else (the Namespace) is read on its own.
  const live = before && o.kind !== 'Namespace' ? before.get(key) : await client.get(refOf(o)).then((l) => (l ? liveState(l) : undefined));
  // Same content as last applied and nobody else changed it: nothing to send (the fast path of a no-op up).
  if (live && !live.touched && live.appliedHash === desired.metadata.annotations?.[APPLIED_HASH]) {
    report({ type: 'applied', object: key, action: 'unchanged' });
    return 'unchanged';
  }
  if (live) await handOverReplicas(client, desired);
  const after = await client.apply(desired);
  const action: Action = live === undefined ? 'created' : live.resourceVersion === after.metadata.resourceVersion ? 'unchanged' : 'configured';
  report({ type: 'applied', object: key, action });
  return action;
}

/**
 * Live objects slipway owns for this stack and environment (credentials and history excluded), in the stack's
 * namespace and in `namespaces` (a log agent's; see plan/namespace.ts stackNamespaces). Each namespace is listed on
 * its own, so an object is only ever matched against the desired set by its own namespace.
 */
export async function ownedObjects(client: Pick<ClusterPort, 'list'>, owner: Owner, kinds: readonly (readonly [string, string])[] = PRUNABLE_KINDS, namespaces: readonly string[] = [owner.namespace]): Promise<K8sObject[]> {
  const pairs = namespaces.flatMap((ns) => kinds.map((k) => [ns, k] as const));
  const lists = await mapLimit(pairs, 8, ([ns, [apiVersion, kind]]) => client.list(apiVersion, kind, ns, prunableSelector(owner)));
  return lists.flat();
}

/** Delete group after group (each in parallel, see plan/prune.ts deletionGroups) and wait until each is gone. */
export async function deleteGroups(client: ClusterPort, groups: readonly (readonly K8sObject[])[], report: Reporter, timeoutSeconds = 120): Promise<void> {
  for (const group of groups) {
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
