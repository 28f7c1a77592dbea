/**
 * `slipway down`: delete the stack's objects in reverse dependency order and wait until they are gone.
 * Data volumes (PVCs) and generated credentials stay unless `purge` — losing them is never a default.
 */
import { refKey, refOf } from '../k8s/object.js';
import { generatedSelector, historySelector, managedFor } from '../model/ownership.js';
import type { LoadedStack } from '../load/load-stack.js';
import { dataVolumes, deleteInOrder, ownedObjects, type Reporter } from '../lifecycle/engine.js';
import { acquireLock } from '../lifecycle/lock.js';
import { whileHolding } from '../lifecycle/while-holding.js';
import { connectTarget, type TargetOptions } from './target.js';

export interface DownOptions extends TargetOptions {
  /** Also delete data volumes, generated credentials, history and the namespace. @default false */
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
  if (!(await cluster.get({ apiVersion: 'v1', kind: 'Namespace', name: owner.namespace }))) {
    opts.report({ type: 'note', message: `namespace ${owner.namespace} does not exist; nothing to do` });
    return { deleted: [], kept: [] };
  }
  const lock = await acquireLock(cluster, owner.namespace, owner.stack, owner.environment, { force: opts.forceUnlock ?? false, report: opts.report, ...(opts.now ? { now: opts.now } : {}) });
  // Every delete stops once another run holds the lock.
  const client = whileHolding(cluster, lock);
  let released = false;
  try {
    const objects = await ownedObjects(client, owner);
    await deleteInOrder(client, objects, resolved.order, opts.report);
    const deleted = objects.map((o) => refKey(refOf(o)));
    const volumes = await dataVolumes(client, owner);
    const credentials = (await client.list('v1', 'Secret', owner.namespace, generatedSelector(owner))).map(refOf);
    if (!opts.purge) {
      const kept = [...volumes, ...credentials].map(refKey);
      for (const k of kept) opts.report({ type: 'kept', object: k, why: 'data is kept; `down --purge` deletes it' });
      return { deleted, kept };
    }
    const history = (await client.list('v1', 'Secret', owner.namespace, historySelector(owner.stack, owner.environment))).map(refOf);
    for (const ref of [...volumes, ...credentials, ...history]) {
      await client.delete(ref);
      opts.report({ type: 'deleted', object: refKey(ref) });
      deleted.push(refKey(ref));
    }
    await lock.release();
    released = true;
    const ns = await cluster.get({ apiVersion: 'v1', kind: 'Namespace', name: owner.namespace });
    // Only a namespace slipway created for this stack goes; a shared one stays.
    if (managedFor(ns?.metadata.labels, owner.stack)) {
      await cluster.delete({ apiVersion: 'v1', kind: 'Namespace', name: owner.namespace });
      opts.report({ type: 'deleted', object: `Namespace/${owner.namespace}` });
      deleted.push(`Namespace/${owner.namespace}`);
    }
    return { deleted, kept: [] };
  } finally {
    // Never throws: the run's own error (or result) is what the user sees.
    if (!released) await lock.release();
  }
}
