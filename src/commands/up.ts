/**
 * `slipway up` and `slipway rollback`: render (or take a recorded revision), settle the namespace, lock, read
 * history and live state, assemble the plan (src/plan), then carry it out: record, create missing credentials,
 * apply by unblocking with readiness, prune what left the stack, and mark the revision.
 */
import { componentOf, refKey, refOf } from '../k8s/object.js';
import { ExitCode, SlipwayError } from '../diagnostics/errors.js';
import type { LoadedStack } from '../load/load-stack.js';
import { dataVolumes, deleteGroups, ensureGeneratedSecrets, liveState } from '../lifecycle/engine.js';
import type { Reporter } from '../lifecycle/events.js';
import { executeWaves } from '../lifecycle/execute.js';
import { deleteRevisions, saveRevision, type Revision, type RevisionStatus } from '../lifecycle/history.js';
import { acquireLock, whoAmI } from '../lifecycle/lock.js';
import { whileHolding } from '../lifecycle/while-holding.js';
import { PollReads } from '../lifecycle/wait.js';
import { loadSecretKey } from '../emit/secret-key.js';
import { prunableSelector, type Owner } from '../model/ownership.js';
import type { DeployPlan } from '../plan/deploy-plan.js';
import { checkNamespace, privilegedNamespaceNotes } from '../plan/namespace.js';
import { deletionGroups } from '../plan/prune.js';
import type { RenderResult } from './render.js';
import { decideNamespace, desiredOf, namespaceObject, previewPlan, readPlan, type PreviewOptions } from './read-plan.js';
import { checkPreflight } from './preflight.js';
import { checkTopology } from './topology-check.js';
import { connectTarget, type TargetOptions } from './target.js';
import type { ClusterPort } from '../cluster/port.js';
import { reportChangedInit } from '../lifecycle/init-report.js';
import { applyExtraNamespaces, checkExtraNamespaces } from '../lifecycle/agent-namespaces.js';

export interface LifecycleOptions extends TargetOptions {
  /** Per-component readiness timeout. @default 300 */
  timeoutSeconds?: number;
  /** Take over a lock left by a run that is gone. @default false */
  forceUnlock?: boolean;
  /** Take over an existing namespace slipway did not create (label it, and let `down --purge` delete it). @default false */
  adoptNamespace?: boolean;
  report: Reporter;
  /** Aborted on Ctrl-C / SIGTERM: the run stops, records the revision as interrupted and unlocks. */
  signal?: AbortSignal;
  /**
   * Skip the check that Secrets, keys and custom kinds the stack needs exist before anything is written (for Secrets
   * that something else creates only once the rollout has started). Rollbacks never run it. @default false
   */
  skipPreflight?: boolean;
  /**
   * Apply changes of a live instance's topology that lose data or quorum (PostgreSQL one server ↔ CloudNativePG,
   * a Redis Sentinel set's or a ClickHouse Keeper ensemble's member count); `up` refuses them otherwise. @default false
   */
  allowTopologyChange?: boolean;
  /** Project key generated credentials derive from and revisions are signed with. @default loadSecretKey(stack file): SLIPWAY_SECRET_KEY or .slipway/secret.key */
  secretKey?: Uint8Array;
}

export interface UpResult {
  revision?: number;
  status: RevisionStatus | 'unchanged';
  changed: number;
  deleted: string[];
  keptVolumes: string[];
  /** Init scripts that changed since they ran and were not re-run (`<infra>/<script>`; `--rerun-init` runs them). */
  initChanged?: string[];
}

/** The plan `up` (or `rollback`) would carry out, read without writing anything (`up --plan`). */
export async function planUp(loaded: LoadedStack, opts: PreviewOptions): Promise<DeployPlan> {
  return (await previewPlan(loaded, opts)).plan;
}

/** Create, update or adopt the namespace as decided; a namespace slipway does not own is left untouched. */
async function settleNamespace(client: ClusterPort, rendered: RenderResult, owner: Owner, adopt: boolean, report: Reporter) {
  const ns = await decideNamespace(client, owner, adopt);
  const object = namespaceObject(rendered.objects, owner);
  if (ns.action === 'use') report({ type: 'note', message: `namespace ${owner.namespace} was not created by slipway: deploying into it without changing it (--adopt-namespace takes it over)` });
  else if (object) await client.apply(object);
  await applyExtraNamespaces(client, owner, rendered.objects);
  for (const message of privilegedNamespaceNotes(rendered.objects, owner)) report({ type: 'note', message });
  return { ...ns, exists: true };
}

async function deploy(loaded: LoadedStack, opts: LifecycleOptions, rollbackTo?: number | 'previous'): Promise<UpResult> {
  const { rendered, owner, client: cluster } = await connectTarget(loaded, opts);
  // Read before touching the cluster: a broken key file stops the run before anything is written.
  const secretKey = opts.secretKey ?? loadSecretKey(loaded.source.file);
  const clock = opts.now ?? (() => new Date());
  // Before the namespace, the lock or history exist: a missing Secret or CRD stops the run with nothing written.
  // A system namespace is refused first, before any request (preflight reads the cluster).
  if (rollbackTo === undefined && !opts.skipPreflight) {
    checkNamespace(owner.namespace);
    await checkPreflight(cluster, loaded, rendered);
  }
  // Data safety, not a check of what exists: it runs even with --skip-preflight. A rollback applies a recorded
  // revision, whose shape the current render does not describe, so it is not compared here.
  if (rollbackTo === undefined && !opts.allowTopologyChange) await checkTopology(cluster, loaded, rendered, owner);
  // A log agent's namespace that someone else made stops every run, rollbacks too, before anything is written.
  await checkExtraNamespaces(cluster, owner, rendered.objects);
  const ns = await settleNamespace(cluster, rendered, owner, opts.adoptNamespace ?? false, opts.report);
  const lock = await acquireLock(cluster, owner.namespace, owner.stack, owner.environment, { force: opts.forceUnlock ?? false, report: opts.report, ...(opts.now ? { now: opts.now } : {}) });
  // From here on, every write stops once another run holds the lock.
  const client = whileHolding(cluster, lock);
  const signal = opts.signal ? AbortSignal.any([opts.signal, lock.signal]) : lock.signal;
  let revision: Revision | undefined;
  try {
    // The inventory's lists (owned objects by kind) are the first readiness poll's too: a no-op run reads each once.
    const reads = new PollReads(client, prunableSelector(owner));
    const { plan, history, live } = await readPlan(client, owner, desiredOf(rendered), secretKey, { namespace: ns.action, exists: true, now: clock(), user: whoAmI(), lists: reads, ...(rollbackTo !== undefined ? { rollbackTo } : {}) });
    for (const r of plan.rejected) opts.report({ type: 'note', message: `revision record ${r.name} skipped: ${r.reason}` });
    if (plan.rollbackOf) opts.report({ type: 'note', message: `rolling back to revision ${plan.rollbackOf}; data migrations already run are not undone` });
    // We hold the lock, so a pending revision belongs to a run that is gone.
    for (const old of history.revisions.filter((r) => plan.interrupt.includes(r.revision))) {
      await saveRevision(client, owner.namespace, { ...old, status: 'interrupted', message: old.message ?? 'the run ended without recording a result (killed?)' }, secretKey);
    }
    revision = plan.revision;
    if (revision) await saveRevision(client, owner.namespace, revision, secretKey);
    await ensureGeneratedSecrets(client, owner.stack, rendered.omittedSecrets, secretKey, opts.report);
    // One list per kind gives every live object's resourceVersion (to tell unchanged from configured).
    const before = new Map(live.map((o) => [refKey(refOf(o)), liveState(o)]));
    let actions;
    try {
      actions = await executeWaves(client, plan.waves, { before, signal, reads, ...(opts.timeoutSeconds ? { timeoutSeconds: opts.timeoutSeconds } : {}) }, opts.report);
    } catch (e) {
      const lost = lock.signal.aborted ? (lock.signal.reason as SlipwayError) : undefined;
      const interrupted = lost !== undefined || (opts.signal?.aborted ?? false);
      if (revision) {
        revision = { ...revision, status: interrupted ? 'interrupted' : 'failed', finishedAt: clock().toISOString(), message: (lost ?? (e as Error)).message };
        // This run's own record, so written even without the lock; failing to write it must not hide why the run failed.
        const failed = revision;
        await saveRevision(cluster, owner.namespace, failed, secretKey).catch((err: Error) => opts.report({ type: 'note', message: `could not mark revision ${failed.revision} as ${failed.status}: ${err.message}` }));
      }
      if (lost) throw lost;
      throw new SlipwayError([{ code: interrupted ? 'interrupted' : 'rollout-failed', message: (e as Error).message, path: '', hint: interrupted ? 'run up again: it converges from where this run stopped' : 'fix the cause above and run up again; `slipway status` shows every component' }], ExitCode.deployFailed);
    }
    const initChanged = await reportChangedInit(client, owner.namespace, rendered.objects, opts.report);
    // Prune only after the new set is ready, newest-first, and only objects carrying this stack's owner labels.
    await deleteGroups(client, deletionGroups(plan.prune, plan.pruneOrder), opts.report);
    const removedComponents = new Set(plan.prune.filter((o) => o.kind === 'StatefulSet').map((o) => componentOf(o) ?? ''));
    const kept = removedComponents.size ? await dataVolumes(client, owner, removedComponents) : [];
    for (const v of kept) opts.report({ type: 'kept', object: refKey(v), why: 'data volume of a removed component (delete it yourself, or `down --purge`)' });
    if (revision) {
      for (const old of history.revisions.filter((r) => plan.supersede.includes(r.revision))) await saveRevision(client, owner.namespace, { ...old, status: 'superseded' }, secretKey);
      revision = { ...revision, status: 'deployed', finishedAt: clock().toISOString() };
      await saveRevision(client, owner.namespace, revision, secretKey);
      await deleteRevisions(client, owner.namespace, owner.stack, owner.environment, plan.trim);
    }
    return {
      ...(revision ? { revision: revision.revision } : {}),
      status: revision ? 'deployed' : 'unchanged',
      changed: actions.filter((a) => a !== 'unchanged').length,
      deleted: plan.prune.map((o) => refKey(refOf(o))),
      keptVolumes: kept.map(refKey),
      ...(initChanged.length ? { initChanged } : {}),
    };
  } finally {
    // Never throws: the run's own error (or result) is what the user sees.
    await lock.release();
  }
}

export function up(loaded: LoadedStack, opts: LifecycleOptions): Promise<UpResult> {
  return deploy(loaded, opts);
}

/** Re-apply a recorded revision (default: the one before the current) through the same plan. */
export function rollback(loaded: LoadedStack, opts: LifecycleOptions & { to?: number }): Promise<UpResult> {
  return deploy(loaded, opts, opts.to ?? 'previous');
}
