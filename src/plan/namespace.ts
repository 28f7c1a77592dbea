/**
 * What `up` does with the target namespace. slipway marks a namespace it creates (CREATED_BY_ANNOTATION) and
 * afterwards manages only such a namespace: an existing one it did not create is used as it is — never
 * relabelled, never deleted — unless the user asks to adopt it. System namespaces are refused outright.
 */
import { userError } from '../diagnostics/errors.js';
import { refKey, selects, type K8sObject } from '../k8s/object.js';
import { createdFor, ownerLabels, type Owner } from '../model/ownership.js';

export const PROTECTED_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'kube-node-lease'];

/**
 * - create: it does not exist; slipway creates and marks it.
 * - update: slipway created it for this stack and environment; its labels are applied.
 * - adopt: it exists, and the user asked slipway to take it over (labels applied, marked as slipway's).
 * - use: it exists and is not slipway's; objects go into it, the namespace itself is not touched.
 */
export type NamespaceAction = 'create' | 'update' | 'adopt' | 'use';

/**
 * Namespaces of the stack besides its own, from the Namespace objects among `objects` (a log agent's, which needs
 * a Pod Security level the stack's namespace must not have), sorted. System namespaces are never among them.
 */
export function extraNamespaces(objects: readonly K8sObject[], owner: Pick<Owner, 'namespace'>): string[] {
  const names = objects.filter((o) => o.kind === 'Namespace' && o.metadata.name !== owner.namespace).map((o) => o.metadata.name);
  return [...new Set(names)].filter((n) => !PROTECTED_NAMESPACES.includes(n)).sort();
}

/** The stack's namespace, then its extra ones: where its owned objects are listed. */
export function stackNamespaces(objects: readonly K8sObject[], owner: Pick<Owner, 'namespace'>): string[] {
  return [owner.namespace, ...extraNamespaces(objects, owner)];
}

/**
 * One plain line per extra namespace at the privileged Pod Security level (a log agent's), said by `render` and
 * `up`: why it is privileged, and that the stack's own namespace is not.
 */
export function privilegedNamespaceNotes(objects: readonly K8sObject[], owner: Pick<Owner, 'namespace'>): string[] {
  return extraNamespaces(objects, owner)
    .filter((name) => objects.some((o) => o.kind === 'Namespace' && o.metadata.name === name && o.metadata.labels?.['pod-security.kubernetes.io/enforce'] === 'privileged'))
    .map((name) => {
      const agent = objects.find((o) => o.kind === 'DaemonSet' && o.metadata.namespace === name);
      const what = agent ? `the log agent ${agent.metadata.name}` : 'the log agent';
      return `${what} runs in namespace ${name} at the privileged Pod Security level because it reads node log files through hostPath; namespace ${owner.namespace} stays restricted`;
    });
}

/** Refuses system namespaces (a user error: exit 2). */
export function checkNamespace(name: string): void {
  if (PROTECTED_NAMESPACES.includes(name)) {
    throw userError(`slipway does not deploy into the system namespace ${name}`, 'choose a namespace of your own with -n, or set `namespace:` in the environment');
  }
}

export function namespaceAction(live: K8sObject | undefined, owner: Owner, adopt = false): NamespaceAction {
  checkNamespace(owner.namespace);
  if (!live) return 'create';
  if (createdFor(live.metadata.annotations, owner)) return 'update';
  return adopt ? 'adopt' : 'use';
}

/** Everything that runs pods, as `kind` lists on a cluster: controllers, the sets they make, bare Pods. */
export const RUNNING_KINDS: readonly (readonly [string, string])[] = [
  ['v1', 'Pod'],
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'StatefulSet'],
  ['apps/v1', 'DaemonSet'],
  ['apps/v1', 'ReplicaSet'],
  ['batch/v1', 'Job'],
  ['batch/v1', 'CronJob'],
];

/** Kinds `down --purge` looks at before deleting a namespace: anything here that is not this stack's keeps it. */
export const OCCUPANT_KINDS: readonly (readonly [string, string])[] = [
  ...RUNNING_KINDS,
  ['v1', 'Service'],
  ['v1', 'ConfigMap'],
  ['v1', 'Secret'],
  ['v1', 'PersistentVolumeClaim'],
  ['v1', 'ServiceAccount'],
  ['networking.k8s.io/v1', 'Ingress'],
];

/** What Kubernetes itself puts into every namespace: never a reason to keep one. */
const BUILT_IN = new Set(['ConfigMap/kube-root-ca.crt', 'ServiceAccount/default']);

/** Objects in the namespace that are not this stack's (by ownership labels), sorted; empty means it may go. */
export function foreignObjects(objects: readonly K8sObject[], owner: Owner): K8sObject[] {
  const mine = ownerLabels(owner);
  return objects
    .filter((o) => !BUILT_IN.has(`${o.kind}/${o.metadata.name}`) && !selects(mine, o))
    .sort((a, b) => refKey(a).localeCompare(refKey(b)));
}
