/**
 * What leaves the cluster: live objects slipway owns for this stack and environment that the desired set no
 * longer has. `up` deletes them and `diff` shows them from the same function, so the two cannot disagree.
 * The kinds looked at are the kinds table's prunable ones plus every kind the last recorded revision applied
 * (its inventory), so kinds a custom catalog entry emits (its own custom resources) are pruned too.
 */
import { applyRank, PRUNABLE_KINDS } from '../k8s/kinds/index.js';
import { refKey, type K8sObject } from '../k8s/object.js';
import { orderObjects } from '../generate/order.js';
import { isOnDemandRun } from '../model/ownership.js';

export type KindRef = readonly [apiVersion: string, kind: string];

/** PRUNABLE_KINDS, then the namespaced kinds of `recorded` that the table does not have, sorted. */
export function pruneKinds(recorded: readonly K8sObject[] = []): KindRef[] {
  const known = new Set(PRUNABLE_KINDS.map(([a, k]) => `${a}/${k}`));
  const extra = new Map<string, KindRef>();
  for (const o of recorded) {
    const key = `${o.apiVersion}/${o.kind}`;
    // Cluster-scoped objects (the Namespace) are never pruned by label.
    if (!o.metadata.namespace || o.kind === 'Namespace' || known.has(key)) continue;
    extra.set(key, [o.apiVersion, o.kind]);
  }
  return [...PRUNABLE_KINDS, ...[...extra.keys()].sort().map((k) => extra.get(k)!)];
}

/** Live owned objects the desired set does not contain, in a stable order; Jobs `slipway run` started stay. */
export function pruneSet(desired: readonly K8sObject[], live: readonly K8sObject[]): K8sObject[] {
  const keep = new Set(desired.map((o) => refKey(o)));
  return live.filter((o) => !keep.has(refKey(o)) && !isOnDemandRun(o)).sort((a, b) => refKey(a).localeCompare(refKey(b)));
}

/**
 * Groups to delete one after another, the reverse of apply order: routing first, identity last, workloads of
 * users before what they use. Objects within a group go in parallel.
 */
export function deletionGroups(objects: readonly K8sObject[], componentOrder: readonly string[]): K8sObject[][] {
  const ordered = orderObjects(objects, componentOrder).reverse();
  const groups = new Map<number, K8sObject[]>();
  for (const o of ordered) groups.set(applyRank(o.kind), [...(groups.get(applyRank(o.kind)) ?? []), o]);
  return [...groups.keys()].sort((a, b) => b - a).map((rank) => groups.get(rank)!);
}
