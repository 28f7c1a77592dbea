/**
 * The reads a deploy plan needs — namespace, history, owned live objects — done once, for `up`, `rollback`,
 * `up --plan` and `diff` alike. No writes.
 */
import type { ClusterPort } from '../cluster/port.js';
import { existsSync } from 'node:fs';
import { loadSecretKey, SECRET_KEY_ENV, secretKeyPath } from '../emit/secret-key.js';
import type { K8sObject } from '../k8s/object.js';
import type { LoadedStack } from '../load/load-stack.js';
import { ownedObjects, withAppliedHash } from '../lifecycle/engine.js';
import { listRevisions } from '../lifecycle/history.js';
import { createdByAnnotations, type Owner } from '../model/ownership.js';
import type { History } from '../model/revision.js';
import { buildGraph } from '../graph/build.js';
import { assembleDeployPlan, inventoryKinds, type DeployPlan, type Desired } from '../plan/deploy-plan.js';
import { namespaceAction, stackNamespaces, type NamespaceAction } from '../plan/namespace.js';
import { whoAmI } from '../lifecycle/lock.js';
import type { RenderResult } from './render.js';
import { connectTarget, type Target, type TargetOptions } from './target.js';

export interface PlanState {
  plan: DeployPlan;
  history: History;
  /** Owned live objects (what the plan's prune set came from). */
  live: K8sObject[];
}

export function namespaceRef(name: string) {
  return { apiVersion: 'v1', kind: 'Namespace', name };
}

/** A Namespace object of the render (the stack's, or `name`) as `up` applies it: marked as created by slipway for this stack. */
export function namespaceObject(rendered: readonly K8sObject[], owner: Owner, name: string = owner.namespace): K8sObject | undefined {
  const ns = rendered.find((o) => o.kind === 'Namespace' && o.metadata.name === name);
  return ns && withAppliedHash({ ...ns, metadata: { ...ns.metadata, annotations: { ...ns.metadata.annotations, ...createdByAnnotations(owner) } } });
}

/** The live namespace's fate; refuses system namespaces before anything is read. */
export async function decideNamespace(client: ClusterPort, owner: Owner, adopt: boolean): Promise<{ action: NamespaceAction; exists: boolean }> {
  namespaceAction(undefined, owner);
  const live = await client.get(namespaceRef(owner.namespace));
  return { action: namespaceAction(live, owner, adopt), exists: !!live };
}

/** What a fresh render deploys: its objects and the graph they start along. */
export function desiredOf(rendered: RenderResult): Desired {
  return { graph: buildGraph(rendered.resolved), objects: rendered.objects };
}

export interface PreviewOptions extends TargetOptions {
  adoptNamespace?: boolean;
  secretKey?: Uint8Array;
  rollbackTo?: number | 'previous';
}

/** The plan `up` (or `rollback`) would carry out, read without writing anything (`up --plan`, `diff`). */
export async function previewPlan(loaded: LoadedStack, opts: PreviewOptions): Promise<Target & { namespace: { action: NamespaceAction; exists: boolean }; plan: DeployPlan }> {
  const target = await connectTarget(loaded, opts);
  const { rendered, owner, client } = target;
  const ns = await decideNamespace(client, owner, opts.adoptNamespace ?? false);
  const key = opts.secretKey ?? existingSecretKey(loaded.source.file);
  const now = opts.now?.() ?? new Date();
  const { plan } = await readPlan(client, owner, desiredOf(rendered), key, { namespace: ns.action, exists: ns.exists, now, user: whoAmI(), ...(opts.rollbackTo !== undefined ? { rollbackTo: opts.rollbackTo } : {}) });
  return { ...target, namespace: ns, plan };
}

/** `opts.lists` reads the owned-object inventory (up passes its poll cache, so the first readiness poll reuses it). */
export async function readPlan(
  client: ClusterPort,
  owner: Owner,
  fresh: Desired,
  key: Uint8Array | undefined,
  opts: { namespace: NamespaceAction; exists: boolean; rollbackTo?: number | 'previous'; now: Date; user: string; lists?: Pick<ClusterPort, 'list'> },
): Promise<PlanState> {
  const empty: History = { revisions: [], rejected: [] };
  const history = opts.exists ? await listRevisions(client, owner.namespace, owner.stack, owner.environment, key) : empty;
  // Every namespace the render or a recorded revision has: an agent that left the stack is pruned from its own.
  const namespaces = stackNamespaces([...fresh.objects, ...history.revisions.flatMap((r) => r.objects)], owner);
  const live = opts.exists ? await ownedObjects(opts.lists ?? client, owner, inventoryKinds(history), namespaces) : [];
  const plan = assembleDeployPlan({ owner, fresh, history, live, namespace: opts.namespace, now: opts.now, user: opts.user, ...(opts.rollbackTo !== undefined ? { rollbackTo: opts.rollbackTo } : {}) });
  return { plan, history, live };
}

/** The project key when there is one, without creating it (read-only commands must not write a key file). */
export function existingSecretKey(stackFile: string): Uint8Array | undefined {
  // A key that exists but is broken is still an error: only a missing one means "cannot verify".
  return process.env[SECRET_KEY_ENV] || existsSync(secretKeyPath(stackFile)) ? loadSecretKey(stackFile, { create: false }) : undefined;
}
