import type { K8sObject } from '../object.js';
import { failed, findCondition, plural, ready, terminatingNote, unobserved, waiting, type Condition, type Readiness, type Workload } from '../readiness.js';
import { workloadKind } from './kind.js';

interface DeploymentSpec {
  replicas?: number;
  paused?: boolean;
}
interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  conditions?: Condition[];
}

function readiness(live: K8sObject, pods: readonly K8sObject[]): Readiness {
  const d = live as unknown as Workload<DeploymentSpec, DeploymentStatus>;
  const s = d.status ?? {};
  const generation = d.metadata.generation ?? 0;
  if (generation > (s.observedGeneration ?? 0)) return unobserved('deployment', generation, s.observedGeneration);
  // The controller gave up on this rollout; only a new spec restarts it, so waiting longer cannot help.
  const progressing = findCondition(s.conditions, 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return failed(`rollout exceeded its progress deadline${progressing.message ? `: ${progressing.message}` : ''}`);
  }
  // The API server defaults spec.replicas to 1, so an absent value only occurs in hand-made fixtures.
  const desired = d.spec?.replicas ?? 1;
  const updated = s.updatedReplicas ?? 0;
  const total = s.replicas ?? 0;
  const readyCount = s.readyReplicas ?? 0;
  const available = s.availableReplicas ?? 0;
  const paused = d.spec?.paused ? ' (rollout paused)' : '';
  if (updated < desired) return waiting(`${readyCount}/${desired} replicas ready, ${desired - updated} updating${paused}`);
  if (total > updated) return waiting(`waiting for ${plural(total - updated, 'old replica')} to terminate${paused}`);
  if (available < updated) return waiting(`${available}/${updated} updated replicas available${paused}`);
  return ready(`${available}/${desired} replicas ready${terminatingNote(pods)}`);
}

export const deployment = workloadKind('apps/v1', 'Deployment', 1, {
  readiness,
  counts: (live) => {
    const d = live as unknown as Workload<DeploymentSpec, DeploymentStatus>;
    return { desired: d.spec?.replicas ?? 1, ready: d.status?.readyReplicas ?? 0 };
  },
});
