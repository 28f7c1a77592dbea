/**
 * Is a live object done rolling out? A value per kind, never an exception (kapp's `{done, successful, message}`),
 * following the rules `kubectl rollout status` uses so slipway and kubectl never disagree about "ready".
 * Pure: it reads the object's status as the API server filled it in and decides nothing else.
 */
import type { K8sObject } from '../k8s/object.js';

export interface Readiness {
  /** Nothing more will happen without a change: either rolled out, or failed for good. */
  done: boolean;
  /** Done and healthy. `done && !ok` means waiting longer cannot help (e.g. progress deadline exceeded). */
  ok: boolean;
  /** One line for humans, e.g. "2/3 replicas ready, 1 updating". */
  message: string;
}

/** A status condition as every built-in controller writes it. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

export function findCondition(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

export const waiting = (message: string): Readiness => ({ done: false, ok: false, message });
export const ready = (message: string): Readiness => ({ done: true, ok: true, message });
export const failed = (message: string): Readiness => ({ done: true, ok: false, message });

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Shapes of the fields read below; everything optional because the API server omits zeros and unset fields. */
export interface Workload<Spec, Status> {
  metadata: { generation?: number; name: string };
  spec?: Spec;
  status?: Status;
}

/** Generation not yet seen by the controller: every other status field still describes the previous spec. */
export function unobserved(kind: string, generation: number, observed: number | undefined): Readiness {
  return waiting(`waiting for the ${kind} controller to observe generation ${generation}${observed ? ` (at ${observed})` : ''}`);
}

/**
 * Pods being deleted don't hold up a rollout (kubectl ignores them too), but saying so explains why
 * `kubectl get pods` still lists more pods than replicas.
 */
export function terminatingNote(pods: readonly K8sObject[]): string {
  const n = pods.filter((p) => p.metadata['deletionTimestamp'] !== undefined).length;
  return n ? ` (${plural(n, 'old pod')} still terminating)` : '';
}

/** Readiness of one kind: the live object and the pods its selector matches. */
export type ReadinessCheck = (live: K8sObject, pods: readonly K8sObject[]) => Readiness;
