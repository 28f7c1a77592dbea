/**
 * A rolling restart the way `kubectl rollout restart` does it: a changed annotation on the pod template makes the
 * controller replace the pods by its own update strategy (surge, PodDisruptionBudget, ordered StatefulSet pods).
 *
 * The annotation is written by server-side apply under its own field manager, which owns that one field and
 * nothing else. `up` applies as `slipway` and never names the annotation, so it neither removes it (server-side
 * apply only drops fields the applying manager owned before) nor rolls the pods again, and the manager is one
 * of the controllers `up` does not count as drift (engine.ts CONTROLLERS): a restart leaves `up` with nothing to do.
 */
import type { ClusterPort } from '../cluster/port.js';
import type { K8sObject } from '../k8s/object.js';
import { sleep } from '../util/concurrency.js';
import type { Reporter } from './events.js';
import { pollReady, type Waiting } from './wait.js';

/** Pod-template annotation holding when slipway last restarted the workload. */
export const RESTARTED_AT = 'slipway.dev/restarted-at';
/** Field manager of the restart annotation; only ever owns RESTARTED_AT. */
export const RESTART_MANAGER = 'slipway-restart';

/** Workload kinds whose pods a template change replaces. */
export const RESTARTABLE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/** The apply configuration of a restart: identity plus the one annotation. */
export function restartPatch(workload: K8sObject, at: Date): K8sObject {
  const { apiVersion, kind, metadata } = workload;
  return { apiVersion, kind, metadata: { name: metadata.name, ...(metadata.namespace ? { namespace: metadata.namespace } : {}) }, spec: { template: { metadata: { annotations: { [RESTARTED_AT]: at.toISOString() } } } } } as K8sObject;
}

/** Restart a component's workloads and wait until they are ready again; throws ComponentFailure as `up` would. */
export async function restartComponent(client: ClusterPort, component: string, workloads: readonly K8sObject[], opts: { at: Date; timeoutSeconds: number; signal?: AbortSignal }, report: Reporter): Promise<number> {
  for (const w of workloads) {
    await client.apply(restartPatch(w, opts.at), false, RESTART_MANAGER);
    report({ type: 'restarted', component, object: `${w.kind}/${w.metadata.name}` });
  }
  const waiting: Waiting = { component, objects: [...workloads], started: Date.now(), limit: opts.timeoutSeconds * 1000, last: '' };
  for (;;) {
    if (opts.signal?.aborted) throw new Error('interrupted');
    if ((await pollReady(client, [waiting], report)).length) return Math.round((Date.now() - waiting.started) / 100) / 10;
    await sleep(Math.min(1000, 150 + (Date.now() - waiting.started) / 10));
  }
}
