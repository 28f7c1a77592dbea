/**
 * The deploy plan: everything `up` and `rollback` decide before they touch the cluster, as one value. Pure —
 * the caller reads the history and the live objects and passes them in (with the clock and the user), so the
 * plan can be printed (`up --plan`), tested with inline fixtures, and shown by a UI; `diff` reads its prune set.
 */
import { createHash } from 'node:crypto';
import { userError } from '../diagnostics/errors.js';
import { componentOf, type K8sObject } from '../k8s/object.js';
import { orderOf, type StackGraph } from '../model/graph.js';
import type { Owner } from '../model/ownership.js';
import { KEEP_INTERRUPTED, KEEP_REVISIONS, type History, type RejectedRevision, type Revision } from '../model/revision.js';
import type { NamespaceAction } from './namespace.js';
import { pruneKinds, pruneSet, type KindRef } from './prune.js';
import { rollbackProblems } from './rollback-guard.js';
import { planWaves, type Wave } from './waves.js';

/** What a run applies: the objects and the graph they start along. */
export interface Desired {
  graph: StackGraph;
  objects: K8sObject[];
}

export interface DeployInput {
  owner: Owner;
  /** The current render of the stack file. */
  fresh: Desired;
  history: History;
  /** Live objects slipway owns for this stack and environment, listed over `inventoryKinds(history)`. */
  live: readonly K8sObject[];
  /** Roll back: to this revision, or 'previous' (the last deployed one before the current). */
  rollbackTo?: number | 'previous';
  /** What happens to the namespace (decided before the lock, which lives in it). @default 'update' */
  namespace?: NamespaceAction;
  now: Date;
  user: string;
}

export interface DeployPlan {
  owner: Owner;
  /** What gets applied (the render, or the revision rolled back to). */
  target: Desired;
  stackHash: string;
  rollbackOf?: number;
  namespace: NamespaceAction;
  /** The same content as the deployed revision: nothing is recorded (objects are still re-applied if drifted). */
  unchanged: boolean;
  /** The record to save as pending before applying; absent when unchanged. */
  revision?: Revision;
  /** Apply order. The namespace is not in it: it is handled before the lock. */
  waves: Wave[];
  /** Owned live objects that left the stack: deleted once the new set is ready. */
  prune: K8sObject[];
  /** Component order for deleting `prune` in reverse (old components, then the target's). */
  pruneOrder: string[];
  /** Deployed revisions that become superseded when this one is deployed. */
  supersede: number[];
  /** Revisions left pending by a run that was killed: marked interrupted (the lock proves no run is active). */
  interrupt: number[];
  /** Revisions deleted after recording, beyond KEEP_REVISIONS real ones and KEEP_INTERRUPTED interrupted ones. */
  trim: number[];
  /** Revision records that were refused, reported by name. */
  rejected: RejectedRevision[];
}

/**
 * What a revision deployed, as a digest of its objects' JSON (generation is deterministic, so the same stack gives
 * the same text). JSON rather than the YAML `render` prints: hashing the YAML was a tenth of a no-op `up`.
 */
export function stackHash(objects: readonly K8sObject[]): string {
  const hash = createHash('sha256');
  for (const o of objects) hash.update(JSON.stringify(o)).update('\n');
  return hash.digest('hex');
}

/** Kinds whose owned objects the plan needs to see: the prunable ones plus every kind a recorded revision applied. */
export function inventoryKinds(history: History): KindRef[] {
  return pruneKinds(history.revisions.flatMap((r) => r.objects));
}

/** Component names in the order their objects appear (for deleting old components in reverse). */
function componentsOf(objects: readonly K8sObject[]): string[] {
  return [...new Set(objects.map((o) => componentOf(o) ?? ''))].filter(Boolean);
}

function pickRollback(input: DeployInput): { revision: Revision; graph: StackGraph } {
  const { owner, history, rollbackTo } = input;
  const all = history.revisions;
  const current = [...all].reverse().find((r) => r.status === 'deployed');
  const target = rollbackTo === 'previous' ? all.filter((r) => r.revision !== current?.revision && (r.status === 'deployed' || r.status === 'superseded')).at(-1) : all.find((r) => r.revision === rollbackTo);
  if (!target) {
    const refused = history.rejected.find((x) => x.revision === rollbackTo);
    if (refused) throw userError(`revision ${rollbackTo} of ${owner.stack}/${owner.environment} is refused: ${refused.name}: ${refused.reason}`, 'pick another revision from `slipway history`; a record edited outside slipway is never applied');
    throw userError(
      rollbackTo !== 'previous' ? `revision ${rollbackTo} of ${owner.stack}/${owner.environment} is not recorded` : `${owner.stack}/${owner.environment} has no earlier revision to roll back to`,
      'list them with `slipway history`',
    );
  }
  const problems = rollbackProblems(target.objects, owner, input.fresh.objects);
  if (problems.length) {
    throw userError(`revision ${target.revision} of ${owner.stack}/${owner.environment} reaches outside the stack; nothing applied:\n  ${problems.join('\n  ')}`, 'the record was not written by this stack; delete it (see `slipway history`)');
  }
  // A revision records its graph; without one, the current graph's edges with the revision's components.
  const graph = target.graph ?? { nodes: componentsOf(target.objects).map((name) => ({ name, kind: 'service' as const })), edges: input.fresh.graph.edges };
  return { revision: target, graph };
}

/** Keep the newest KEEP_REVISIONS real revisions and KEEP_INTERRUPTED interrupted ones; the rest go. */
function trimmed(revisions: readonly Revision[]): number[] {
  const newestFirst = [...revisions].sort((a, b) => b.revision - a.revision);
  const interrupted = (r: Revision) => r.status === 'interrupted' || r.status === 'pending';
  const keep = new Set([...newestFirst.filter((r) => !interrupted(r)).slice(0, KEEP_REVISIONS), ...newestFirst.filter(interrupted).slice(0, KEEP_INTERRUPTED)].map((r) => r.revision));
  return revisions.filter((r) => !keep.has(r.revision)).map((r) => r.revision);
}

export function assembleDeployPlan(input: DeployInput): DeployPlan {
  const { owner, fresh, history, now, user } = input;
  const rollback = input.rollbackTo !== undefined ? pickRollback(input) : undefined;
  const target: Desired = rollback ? { graph: rollback.graph, objects: rollback.revision.objects } : fresh;
  const hash = stackHash(target.objects);
  const last = history.revisions.at(-1);
  const unchanged = !rollback && last?.status === 'deployed' && last.stackHash === hash;
  // Numbers of refused records are taken too: a new revision never overwrites evidence.
  const next = Math.max(0, ...history.revisions.map((r) => r.revision), ...history.rejected.map((r) => r.revision ?? 0)) + 1;
  const revision: Revision | undefined = unchanged
    ? undefined
    : {
        revision: next,
        stack: owner.stack,
        environment: owner.environment,
        stackHash: hash,
        user,
        startedAt: now.toISOString(),
        status: 'pending',
        ...(rollback ? { rollbackOf: rollback.revision.revision } : {}),
        graph: target.graph,
        objects: target.objects,
      };
  const interrupt = history.revisions.filter((r) => r.status === 'pending').map((r) => r.revision);
  const afterRun = [...history.revisions.map((r) => (r.status === 'pending' ? { ...r, status: 'interrupted' as const } : r)), ...(revision ? [{ ...revision, status: 'deployed' as const }] : [])];
  return {
    owner,
    target,
    stackHash: hash,
    ...(rollback ? { rollbackOf: rollback.revision.revision } : {}),
    namespace: input.namespace ?? 'update',
    unchanged,
    ...(revision ? { revision } : {}),
    waves: planWaves(
      target.objects.filter((o) => o.kind !== 'Namespace'),
      target.graph,
    ),
    prune: pruneSet(target.objects, input.live),
    pruneOrder: [...componentsOf(history.revisions.at(-1)?.objects ?? []), ...orderOf(target.graph)],
    supersede: revision ? history.revisions.filter((r) => r.status === 'deployed').map((r) => r.revision) : [],
    interrupt,
    trim: revision ? trimmed(afterRun) : [],
    rejected: history.rejected,
  };
}
