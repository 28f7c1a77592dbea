/**
 * After a rollout: the provisioning Jobs that run init scripts say, in their pod's termination message, which
 * scripts changed since they were recorded and were not re-run. `up` passes that on, with the flag that re-runs
 * them, every time until the user decides: a completed Job keeps its pod, so an unchanged Job still tells.
 */
import type { ClusterPort } from '../cluster/port.js';
import type { K8sObject } from '../k8s/object.js';
import { changedInitScripts } from '../catalog/init-scripts.js';
import type { Reporter } from './events.js';

type PodLike = { status?: { containerStatuses?: { state?: { terminated?: { exitCode?: number; message?: string } } }[] } };

/** Jobs of the rendered objects that mount init scripts. */
export function initJobs(objects: readonly K8sObject[]): K8sObject[] {
  return objects.filter((o) => o.kind === 'Job' && ((o as { spec?: { template?: { spec?: { volumes?: { name: string }[] } } } }).spec?.template?.spec?.volumes ?? []).some((v) => v.name === 'init'));
}

/** The changed, not re-run scripts the succeeded pods of `jobs` reported, sorted and unique. */
export async function changedInit(client: ClusterPort, namespace: string, jobs: readonly K8sObject[]): Promise<string[]> {
  const found = new Set<string>();
  for (const job of jobs) {
    const pods = (await client.list('v1', 'Pod', namespace, `batch.kubernetes.io/job-name=${job.metadata.name}`)) as PodLike[];
    for (const pod of pods) {
      for (const s of pod.status?.containerStatuses ?? []) {
        if (s.state?.terminated?.exitCode === 0) for (const id of changedInitScripts(s.state.terminated.message)) found.add(id);
      }
    }
  }
  return [...found].sort();
}

export async function reportChangedInit(client: ClusterPort, namespace: string, objects: readonly K8sObject[], report: Reporter): Promise<string[]> {
  const changed = await changedInit(client, namespace, initJobs(objects));
  for (const id of changed) report({ type: 'note', message: `init script ${id} changed; not re-run (use --rerun-init ${id})` });
  return changed;
}
