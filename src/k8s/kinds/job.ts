import type { K8sObject } from '../object.js';
import { failed, findCondition, plural, ready, waiting, type Condition, type Readiness, type Workload } from '../readiness.js';
import { workloadKind } from './kind.js';

interface JobSpec {
  completions?: number;
  suspend?: boolean;
}
interface JobStatus {
  active?: number;
  succeeded?: number;
  failed?: number;
  conditions?: Condition[];
}

function readiness(live: K8sObject): Readiness {
  const j = live as unknown as Workload<JobSpec, JobStatus>;
  const s = j.status ?? {};
  // FailureTarget (1.31+) is set before Failed while pods are still being killed; the outcome is already final.
  const failure = ['Failed', 'FailureTarget'].map((t) => findCondition(s.conditions, t)).find((c) => c?.status === 'True');
  if (failure) return failed(`${failure.reason ?? 'Failed'}${failure.message ? `: ${failure.message}` : ''}`);
  const completions = j.spec?.completions ?? 1;
  const succeeded = s.succeeded ?? 0;
  if (findCondition(s.conditions, 'Complete')?.status === 'True') return ready(`${succeeded}/${completions} completions`);
  if (j.spec?.suspend) return waiting('suspended (spec.suspend is true)');
  const active = s.active ? `, ${s.active} active` : '';
  const failedPods = s.failed ? `, ${plural(s.failed, 'failed pod')}` : '';
  return waiting(`${succeeded}/${completions} completions${active}${failedPods}`);
}

export const job = workloadKind('batch/v1', 'Job', 2, {
  readiness,
  counts: (live) => {
    const j = live as unknown as Workload<JobSpec, JobStatus>;
    return { desired: j.spec?.completions ?? 1, ready: j.status?.succeeded ?? 0 };
  },
});
