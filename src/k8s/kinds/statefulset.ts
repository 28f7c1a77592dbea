import type { K8sObject } from '../object.js';
import { ready, terminatingNote, unobserved, waiting, type Readiness, type Workload } from '../readiness.js';
import { workloadKind } from './kind.js';

interface StatefulSetSpec {
  replicas?: number;
  updateStrategy?: { type?: 'RollingUpdate' | 'OnDelete'; rollingUpdate?: { partition?: number } };
}
interface StatefulSetStatus {
  observedGeneration?: number;
  replicas?: number;
  readyReplicas?: number;
  updatedReplicas?: number;
  currentRevision?: string;
  updateRevision?: string;
}

function readiness(live: K8sObject, pods: readonly K8sObject[]): Readiness {
  const sts = live as unknown as Workload<StatefulSetSpec, StatefulSetStatus>;
  const s = sts.status ?? {};
  const generation = sts.metadata.generation ?? 0;
  // Unlike Deployments, kubectl also treats observedGeneration 0 as "not yet observed".
  if (!s.observedGeneration || generation > s.observedGeneration) return unobserved('statefulset', generation, s.observedGeneration);
  const desired = sts.spec?.replicas ?? 1;
  const readyCount = s.readyReplicas ?? 0;
  const updated = s.updatedReplicas ?? 0;
  const strategy = sts.spec?.updateStrategy?.type ?? 'RollingUpdate';
  if (readyCount < desired) {
    const updating = strategy === 'RollingUpdate' && updated < desired ? `, ${desired - updated} updating` : '';
    return waiting(`${readyCount}/${desired} replicas ready${updating}`);
  }
  // With OnDelete, pods pick up a new template only when someone deletes them: nothing to wait for.
  if (strategy === 'OnDelete') return ready(`${readyCount}/${desired} replicas ready (OnDelete: pods update when deleted)`);
  const partition = sts.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  if (partition > 0) {
    // Ordinals below the partition deliberately stay on the old revision, so revisions never converge.
    const target = Math.max(desired - partition, 0);
    if (updated < target) return waiting(`${updated}/${target} replicas updated (partition ${partition})`);
    return ready(`${readyCount}/${desired} replicas ready, ${updated} updated (partition ${partition})`);
  }
  if (updated < desired) return waiting(`${readyCount}/${desired} replicas ready, ${desired - updated} updating`);
  // The controller moves currentRevision to updateRevision only once every pod is updated and ready.
  if (s.updateRevision && s.currentRevision !== s.updateRevision) {
    return waiting(`waiting for the rolling update to ${s.updateRevision} to complete (${updated}/${desired} updated)`);
  }
  return ready(`${readyCount}/${desired} replicas ready${terminatingNote(pods)}`);
}

export const statefulSet = workloadKind('apps/v1', 'StatefulSet', 0, {
  readiness,
  counts: (live) => {
    const s = live as unknown as Workload<StatefulSetSpec, StatefulSetStatus>;
    return { desired: s.spec?.replicas ?? 1, ready: s.status?.readyReplicas ?? 0 };
  },
});
