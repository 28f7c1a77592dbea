/**
 * `slipway down`: delete the stack's objects in reverse dependency order and wait until they are gone.
 * Data volumes (PVCs) and generated credentials stay unless `purge` — losing them is never a default. The
 * namespace goes only when slipway created it for this stack and nothing else lives in it.
 */
import { componentOf, refKey, refOf, type K8sObject } from '../k8s/object.js';
import { isCustomGroup, kindInfo } from '../k8s/kinds/index.js';
import type { ClusterPort } from '../cluster/port.js';
import { createdFor, generatedSelector, historySelector, type Owner } from '../model/ownership.js';
import type { LoadedStack } from '../load/load-stack.js';
import { dataVolumes, deleteGroups, ownedObjects } from '../lifecycle/engine.js';
import type { Reporter } from '../lifecycle/events.js';
import { acquireLock } from '../lifecycle/lock.js';
import { mapLimit } from '../util/concurrency.js';
import { checkNamespace, extraNamespaces, foreignObjects, OCCUPANT_KINDS } from '../plan/namespace.js';
import { deleteExtraNamespace } from '../lifecycle/agent-namespaces.js';
import { deletionGroups } from '../plan/prune.js';
import { namespaceRef } from './read-plan.js';
import { whileHolding } from '../lifecycle/while-holding.js';
import { connectTarget, type TargetOptions } from './target.js';

export interface DownOptions extends TargetOptions {
  /** Also delete data volumes, generated credentials, history and (when slipway created it and it is otherwise empty) the namespace. @default false */
  purge?: boolean;
  forceUnlock?: boolean;
  report: Reporter;
}

export interface DownResult {
  deleted: string[];
  kept: string[];
}

export async function down(loaded: LoadedStack, opts: DownOptions): Promise<DownResult> {
  const { rendered, owner, client: cluster } = await connectTarget(loaded, opts);
  const { resolved } = rendered;
  checkNamespace(owner.namespace);
  if (!(await cluster.get(namespaceRef(owner.namespace)))) {
    opts.report({ type: 'note', message: `namespace ${owner.namespace} does not exist; nothing to do` });
    return { deleted: [], kept: [] };
  }
  const lock = await acquireLock(cluster, owner.namespace, owner.stack, owner.environment, { force: opts.forceUnlock ?? false, report: opts.report, ...(opts.now ? { now: opts.now } : {}) });
  // Every delete stops once another run holds the lock.
  const client = whileHolding(cluster, lock);
  let released = false;
  try {
    const extra = extraNamespaces(rendered.objects, owner);
    const objects = await ownedObjects(client, owner, undefined, [owner.namespace, ...extra]);
    await deleteGroups(client, deletionGroups(objects, resolved.order), opts.report);
    const deleted = objects.map((o) => refKey(refOf(o)));
    // A log agent's namespace holds no data (its state is on the nodes): it goes with the stack, purge or not.
    for (const name of extra) if (!(await deleteExtraNamespace(client, owner, name, opts.report))) deleted.push(`Namespace/${name}`);
    const volumes = await dataVolumes(client, owner);
    const credentials = (await client.list('v1', 'Secret', owner.namespace, generatedSelector(owner))).map(refOf);
    // An operator's database resource owns its volumes (CloudNativePG deletes a Cluster's PVCs with it), so it is
    // data too: kept like a claim unless purging.
    const operatedObjects = await ownedObjects(client, owner, operatorKinds(rendered.objects));
    const operated = operatedObjects.map(refOf);
    if (!opts.purge) {
      const kept = [...operated, ...volumes, ...credentials].map(refKey);
      for (const k of kept) opts.report({ type: 'kept', object: k, why: 'data is kept; `down --purge` deletes it' });
      return { deleted, kept };
    }
    const history = (await client.list('v1', 'Secret', owner.namespace, historySelector(owner.stack, owner.environment))).map(refOf);
    // Deleted in the foreground, like the stack's own objects, and waited for: a Cluster stays (finalizer) until
    // the garbage collector has removed what it owns, and "deleted" should mean gone.
    await deleteGroups(client, [operatedObjects], opts.report);
    deleted.push(...operated.map(refKey));
    for (const ref of [...volumes, ...credentials, ...history]) {
      await client.delete(ref);
      opts.report({ type: 'deleted', object: refKey(ref) });
      deleted.push(refKey(ref));
    }
    await lock.release();
    released = true;
    const kept = await purgeNamespace(cluster, owner, opts.report);
    if (!kept) deleted.push(`Namespace/${owner.namespace}`);
    return { deleted, kept: kept ? [`Namespace/${owner.namespace}`] : [] };
  } finally {
    // Never throws: the run's own error (or result) is what the user sees.
    if (!released) await lock.release();
  }
}

/** [apiVersion, kind] of the custom resources the render gives a component (an operator runs them). */
function operatorKinds(objects: readonly K8sObject[]): [string, string][] {
  const kinds = objects.filter((o) => componentOf(o) !== undefined && !kindInfo(o.kind, o.apiVersion) && isCustomGroup(o.apiVersion)).map((o) => [o.apiVersion, o.kind] as [string, string]);
  return [...new Map(kinds.map((k) => [k.join(' '), k])).values()];
}

/** Delete the namespace if slipway created it for this stack and nothing else lives in it; returns whether it was kept. */
async function purgeNamespace(client: ClusterPort, owner: Owner, report: Reporter): Promise<boolean> {
  const ns = await client.get(namespaceRef(owner.namespace));
  if (!ns) return false;
  const object = `Namespace/${owner.namespace}`;
  if (!createdFor(ns.metadata.annotations, owner)) {
    report({ type: 'kept', object, why: `slipway did not create it for ${owner.stack}/${owner.environment}` });
    return true;
  }
  const occupants = (await mapLimit(OCCUPANT_KINDS, 8, ([apiVersion, kind]) => client.list(apiVersion, kind, owner.namespace))).flat();
  const foreign = foreignObjects(occupants, owner);
  if (foreign.length) {
    const shown = foreign.slice(0, 5).map((o) => `${o.kind}/${o.metadata.name}`).join(', ');
    report({ type: 'kept', object, why: `it holds ${foreign.length} object(s) that are not this stack's: ${shown}${foreign.length > 5 ? ', …' : ''}` });
    return true;
  }
  await client.delete(namespaceRef(owner.namespace));
  report({ type: 'deleted', object });
  return false;
}
