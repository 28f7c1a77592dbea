/**
 * The stack's extra namespaces (a log agent's, plan/namespace.ts extraNamespaces): created and marked by `up`,
 * deleted by `down`. Unlike the stack's own namespace, one slipway did not create is never used, adopted or
 * relabelled: such a namespace runs at the privileged Pod Security level, and slipway will not raise the level of
 * someone else's namespace nor put host-path pods into it. `up` refuses before writing anything.
 */
import type { ClusterPort } from '../cluster/port.js';
import { userError } from '../diagnostics/errors.js';
import { componentOf, type K8sObject } from '../k8s/object.js';
import { createdByAnnotations, createdFor, type Owner } from '../model/ownership.js';
import { extraNamespaces, foreignObjects, OCCUPANT_KINDS } from '../plan/namespace.js';
import { mapLimit } from '../util/concurrency.js';
import type { Reporter } from './events.js';
import { withAppliedHash } from './engine.js';

const namespaceRef = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', name });

/** The component whose objects live in `namespace` (the agent's infra entry), for the messages. */
function componentIn(objects: readonly K8sObject[], namespace: string): string | undefined {
  return objects.filter((o) => o.metadata.namespace === namespace).map((o) => componentOf(o)).find((c) => c !== undefined);
}

/** Refuses (exit 2) when an extra namespace of the render exists and slipway did not create it for this stack. */
export async function checkExtraNamespaces(client: ClusterPort, owner: Owner, objects: readonly K8sObject[]): Promise<void> {
  for (const name of extraNamespaces(objects, owner)) {
    const live = await client.get(namespaceRef(name));
    if (!live || createdFor(live.metadata.annotations, owner)) continue;
    const component = componentIn(objects, name) ?? 'the log agent';
    throw userError(
      `namespace ${name} exists and was not created by slipway for ${owner.stack}/${owner.environment}: ${component} runs at the privileged Pod Security level, and slipway neither raises the level of a namespace it does not own nor deploys into one; nothing was changed`,
      `pick another namespace with infra.${component}.options.namespace, or delete ${name} if it is left over from an earlier install`,
    );
  }
}

/** Creates or updates every extra namespace of the render, marked as created by slipway for this stack. */
export async function applyExtraNamespaces(client: ClusterPort, owner: Owner, objects: readonly K8sObject[]): Promise<void> {
  for (const name of extraNamespaces(objects, owner)) {
    const ns = objects.find((o) => o.kind === 'Namespace' && o.metadata.name === name)!;
    await client.apply(withAppliedHash({ ...ns, metadata: { ...ns.metadata, annotations: { ...ns.metadata.annotations, ...createdByAnnotations(owner) } } }));
  }
}

/**
 * Deletes an extra namespace slipway created for this stack once nothing of anyone else's is in it; returns whether
 * it was kept. A namespace it did not create is left alone.
 */
export async function deleteExtraNamespace(client: ClusterPort, owner: Owner, name: string, report: Reporter): Promise<boolean> {
  const live = await client.get(namespaceRef(name));
  if (!live) return false;
  const object = `Namespace/${name}`;
  if (!createdFor(live.metadata.annotations, owner)) {
    report({ type: 'kept', object, why: `slipway did not create it for ${owner.stack}/${owner.environment}` });
    return true;
  }
  const occupants = (await mapLimit(OCCUPANT_KINDS, 8, ([apiVersion, kind]) => client.list(apiVersion, kind, name))).flat();
  const foreign = foreignObjects(occupants, owner);
  if (foreign.length) {
    report({ type: 'kept', object, why: `it holds ${foreign.length} object(s) that are not this stack's: ${foreign.slice(0, 5).map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}` });
    return true;
  }
  await client.delete(namespaceRef(name));
  report({ type: 'deleted', object });
  return false;
}
