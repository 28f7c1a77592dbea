import type { K8sObject } from '../object.js';
import { ready, terminatingNote, unobserved, waiting, type Readiness, type Workload } from '../readiness.js';
import { workloadKind } from './kind.js';

interface DaemonSetSpec {
  updateStrategy?: { type?: 'RollingUpdate' | 'OnDelete' };
}
interface DaemonSetStatus {
  observedGeneration?: number;
  desiredNumberScheduled?: number;
  updatedNumberScheduled?: number;
  numberReady?: number;
  numberAvailable?: number;
}

function readiness(live: K8sObject, pods: readonly K8sObject[]): Readiness {
  const ds = live as unknown as Workload<DaemonSetSpec, DaemonSetStatus>;
  const s = ds.status ?? {};
  const generation = ds.metadata.generation ?? 0;
  if (generation > (s.observedGeneration ?? 0)) return unobserved('daemonset', generation, s.observedGeneration);
  const desired = s.desiredNumberScheduled ?? 0;
  const updated = s.updatedNumberScheduled ?? 0;
  const readyCount = s.numberReady ?? 0;
  const available = s.numberAvailable ?? 0;
  // A DaemonSet whose node selector matches no node is complete with zero pods, as kubectl sees it.
  if (desired === 0) return ready('0 pods scheduled (no node matches)');
  const rolling = (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
  if (rolling && updated < desired) return waiting(`${readyCount}/${desired} pods ready, ${desired - updated} updating`);
  if (available < desired) return waiting(`${available}/${desired} pods available`);
  return ready(`${available}/${desired} pods ready${terminatingNote(pods)}`);
}

export const daemonSet = workloadKind('apps/v1', 'DaemonSet', 1, {
  readiness,
  counts: (live) => {
    const s = (live as unknown as Workload<DaemonSetSpec, DaemonSetStatus>).status ?? {};
    return { desired: s.desiredNumberScheduled ?? 0, ready: s.numberReady ?? 0 };
  },
});
