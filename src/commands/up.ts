/**
 * `slipway up` and `slipway rollback`: render (or take a recorded revision), lock, record, create missing
 * credentials, apply in waves with readiness, prune what left the stack, and mark the revision.
 */
import { componentOf, refKey, refOf } from '../k8s/object.js';
import { ExitCode, SlipwayError, userError } from '../diagnostics/errors.js';
import type { LoadedStack } from '../load/load-stack.js';
import type { K8sObject } from '../k8s/object.js';
import type { ResolvedStack } from '../model/resolved.js';
import { applyWaves, dataVolumes, deleteInOrder, ensureGeneratedSecrets, liveState, ownedObjects, stackHash, withAppliedHash, type Owner, type Reporter } from '../lifecycle/engine.js';
import { listRevisions, saveRevision, trimRevisions, type Revision, type RevisionStatus } from '../lifecycle/history.js';
import { acquireLock, whoAmI } from '../lifecycle/lock.js';
import { whileHolding } from '../lifecycle/while-holding.js';
import { planWaves } from '../lifecycle/waves.js';
import { loadSecretKey } from '../emit/secret-key.js';
import { connectTarget, type TargetOptions } from './target.js';

export interface LifecycleOptions extends TargetOptions {
  /** Per-component readiness timeout. @default 300 */
  timeoutSeconds?: number;
  /** Take over a lock left by a run that is gone. @default false */
  forceUnlock?: boolean;
  report: Reporter;
  /** Aborted on Ctrl-C / SIGTERM: the run stops, records the revision as interrupted and unlocks. */
  signal?: AbortSignal;
  /** Project key generated credentials derive from. @default loadSecretKey(stack file): SLIPWAY_SECRET_KEY or .slipway/secret.key */
  secretKey?: Uint8Array;
}

export interface UpResult {
  revision?: number;
  status: RevisionStatus | 'unchanged';
  changed: number;
  deleted: string[];
  keptVolumes: string[];
}

/** What a run applies: the stack's graph (for waves) and the objects. */
interface Desired {
  stack: ResolvedStack;
  objects: K8sObject[];
}

/** Chooses what to apply from the fresh render and the recorded history (up: the render; rollback: a revision). */
type Pick = (owner: Owner, history: Revision[], fresh: Desired) => Desired & { rollbackOf?: number };

async function deploy(loaded: LoadedStack, opts: LifecycleOptions, pick: Pick): Promise<UpResult> {
  const { rendered, owner, client: cluster } = await connectTarget(loaded, opts);
  // Read before touching the cluster: a broken key file stops the run before anything is written.
  const secretKey = opts.secretKey ?? loadSecretKey(loaded.source.file);
  const fresh = { stack: rendered.resolved, objects: rendered.objects };
  const namespace = fresh.objects.find((o) => o.kind === 'Namespace');
  if (namespace) await cluster.apply(withAppliedHash(namespace));
  const lock = await acquireLock(cluster, owner.namespace, owner.stack, owner.environment, { force: opts.forceUnlock ?? false, report: opts.report, ...(opts.now ? { now: opts.now } : {}) });
  // From here on, every write stops once another run holds the lock.
  const client = whileHolding(cluster, lock);
  const signal = opts.signal ? AbortSignal.any([opts.signal, lock.signal]) : lock.signal;
  let revision: Revision | undefined;
  try {
    const history = await listRevisions(client, owner.namespace, owner.stack, owner.environment);
    const target = pick(owner, history, fresh);
    const hash = stackHash(target.objects);
    const last = history.at(-1);
    const unchanged = !target.rollbackOf && last?.status === 'deployed' && last.stackHash === hash;
    if (!unchanged) {
      revision = {
        revision: (last?.revision ?? 0) + 1,
        stack: owner.stack,
        environment: owner.environment,
        stackHash: hash,
        user: whoAmI(),
        startedAt: new Date().toISOString(),
        status: 'pending',
        ...(target.rollbackOf ? { rollbackOf: target.rollbackOf } : {}),
        objects: target.objects,
      };
      await saveRevision(client, owner.namespace, revision);
    }
    await ensureGeneratedSecrets(client, owner.stack, rendered.omittedSecrets, secretKey, opts.report);
    const waves = planWaves(target.objects, target.stack);
    // One list per kind gives every live object's resourceVersion (to tell unchanged from configured).
    const owned = await ownedObjects(client, owner);
    const before = new Map(owned.map((o) => [refKey(refOf(o)), liveState(o)]));
    let actions;
    try {
      actions = await applyWaves(client, waves, { before, signal, ...(opts.timeoutSeconds ? { timeoutSeconds: opts.timeoutSeconds } : {}) }, opts.report);
    } catch (e) {
      const lost = lock.signal.aborted ? (lock.signal.reason as SlipwayError) : undefined;
      const interrupted = lost !== undefined || (opts.signal?.aborted ?? false);
      if (revision) {
        revision = { ...revision, status: interrupted ? 'interrupted' : 'failed', finishedAt: new Date().toISOString(), message: (lost ?? (e as Error)).message };
        // This run's own record, so written even without the lock; failing to write it must not hide why the run failed.
        await saveRevision(cluster, owner.namespace, revision).catch((err: Error) => opts.report({ type: 'note', message: `could not mark revision ${revision!.revision} as ${revision!.status}: ${err.message}` }));
      }
      if (lost) throw lost;
      throw new SlipwayError([{ code: interrupted ? 'interrupted' : 'rollout-failed', message: (e as Error).message, path: '', hint: interrupted ? 'run up again: it converges from where this run stopped' : 'fix the cause above and run up again; `slipway status` shows every component' }], ExitCode.deployFailed);
    }
    // Prune only after the new set is ready, newest-first, and only objects carrying this stack's owner labels.
    const desired = new Set(target.objects.map((o) => refKey(refOf(o))));
    const stale = (await ownedObjects(client, owner)).filter((o) => !desired.has(refKey(refOf(o))));
    const removedComponents = new Set(stale.filter((o) => o.kind === 'StatefulSet').map((o) => componentOf(o) ?? ''));
    await deleteInOrder(client, stale, [...(last?.objects ? orderOf(last.objects) : []), ...target.stack.order], opts.report);
    const kept = removedComponents.size ? await dataVolumes(client, owner, removedComponents) : [];
    for (const v of kept) opts.report({ type: 'kept', object: refKey(v), why: 'data volume of a removed component (delete it yourself, or `down --purge`)' });
    if (revision) {
      for (const old of history.filter((r) => r.status === 'deployed')) await saveRevision(client, owner.namespace, { ...old, status: 'superseded' });
      revision = { ...revision, status: 'deployed', finishedAt: new Date().toISOString() };
      await saveRevision(client, owner.namespace, revision);
      await trimRevisions(client, owner.namespace, [...history, revision]);
    }
    return {
      ...(revision ? { revision: revision.revision } : {}),
      status: revision ? 'deployed' : 'unchanged',
      changed: actions.filter((a) => a !== 'unchanged').length,
      deleted: stale.map((o) => refKey(refOf(o))),
      keptVolumes: kept.map(refKey),
    };
  } finally {
    // Never throws: the run's own error (or result) is what the user sees.
    await lock.release();
  }
}

/** Component names in the order their workloads appear (for deleting old components in reverse). */
function orderOf(objects: readonly K8sObject[]): string[] {
  return [...new Set(objects.map((o) => componentOf(o) ?? ''))];
}

export function up(loaded: LoadedStack, opts: LifecycleOptions): Promise<UpResult> {
  return deploy(loaded, opts, (_owner, _history, fresh) => fresh);
}

/** Re-apply a recorded revision (default: the one before the current) through the same waves. */
export function rollback(loaded: LoadedStack, opts: LifecycleOptions & { to?: number }): Promise<UpResult> {
  return deploy(loaded, opts, (owner, history, fresh) => {
    const current = [...history].reverse().find((r) => r.status === 'deployed');
    const candidates = history.filter((r) => r.revision !== current?.revision && (r.status === 'deployed' || r.status === 'superseded'));
    const target = opts.to !== undefined ? history.find((r) => r.revision === opts.to) : candidates.at(-1);
    if (!target) {
      throw userError(
        opts.to !== undefined ? `revision ${opts.to} of ${owner.stack}/${owner.environment} is not recorded` : `${owner.stack}/${owner.environment} has no earlier revision to roll back to`,
        'list them with `slipway history`',
      );
    }
    opts.report({ type: 'note', message: `rolling back to revision ${target.revision}; data migrations already run are not undone` });
    return { stack: { ...fresh.stack, order: orderOf(target.objects) }, objects: target.objects, rollbackOf: target.revision };
  });
}

