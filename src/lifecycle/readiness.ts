/**
 * Is a live object done rolling out? A value per kind, never an exception (kapp's `{done, successful, message}`),
 * following the rules `kubectl rollout status` uses so slipway and kubectl never disagree about "ready".
 * Pure: it reads the object's status as the API server filled it in and decides nothing else.
 */
import type { K8sObject } from '../model/k8s.js';

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

const waiting = (message: string): Readiness => ({ done: false, ok: false, message });
const ready = (message: string): Readiness => ({ done: true, ok: true, message });
const failed = (message: string): Readiness => ({ done: true, ok: false, message });

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Shapes of the fields read below; everything optional because the API server omits zeros and unset fields. */
interface Workload<Spec, Status> {
  metadata: { generation?: number; name: string };
  spec?: Spec;
  status?: Status;
}

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

/** Generation not yet seen by the controller: every other status field still describes the previous spec. */
function unobserved(kind: string, generation: number, observed: number | undefined): Readiness {
  return waiting(`waiting for the ${kind} controller to observe generation ${generation}${observed ? ` (at ${observed})` : ''}`);
}

/**
 * Pods being deleted don't hold up a rollout (kubectl ignores them too), but saying so explains why
 * `kubectl get pods` still lists more pods than replicas.
 */
function terminatingNote(pods: readonly K8sObject[]): string {
  const n = pods.filter((p) => p.metadata['deletionTimestamp'] !== undefined).length;
  return n ? ` (${plural(n, 'old pod')} still terminating)` : '';
}

function deployment(live: K8sObject, pods: readonly K8sObject[]): Readiness {
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

function statefulSet(live: K8sObject, pods: readonly K8sObject[]): Readiness {
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

function daemonSet(live: K8sObject, pods: readonly K8sObject[]): Readiness {
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

function job(live: K8sObject): Readiness {
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

function persistentVolumeClaim(live: K8sObject): Readiness {
  const pvc = live as unknown as { spec?: { volumeName?: string }; status?: { phase?: string } };
  const phase = pvc.status?.phase ?? 'Pending';
  if (phase === 'Bound') return ready(`bound${pvc.spec?.volumeName ? ` to ${pvc.spec.volumeName}` : ''}`);
  // Lost: the bound PersistentVolume is gone; the data cannot come back by waiting.
  if (phase === 'Lost') return failed(`claim lost its volume${pvc.spec?.volumeName ? ` ${pvc.spec.volumeName}` : ''}`);
  return waiting(`${phase}: waiting for a volume to be bound`);
}

function service(live: K8sObject): Readiness {
  const svc = live as unknown as {
    spec?: { type?: string };
    status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
  };
  const type = svc.spec?.type ?? 'ClusterIP';
  if (type !== 'LoadBalancer') return ready(type);
  const addresses = (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname).filter((a): a is string => !!a);
  return addresses.length ? ready(`load balancer at ${addresses.join(', ')}`) : waiting('waiting for the load balancer to get an address');
}

type Check = (live: K8sObject, pods: readonly K8sObject[]) => Readiness;

/** Keyed by API group and kind, so a custom resource that happens to be called "Job" is not mistaken for batch/Job. */
const CHECKS: ReadonlyMap<string, Check> = new Map<string, Check>([
  ['apps/Deployment', deployment],
  ['apps/StatefulSet', statefulSet],
  ['apps/DaemonSet', daemonSet],
  ['batch/Job', job],
  ['/PersistentVolumeClaim', persistentVolumeClaim],
  ['/Service', service],
]);

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * Readiness of a live object. `pods` are the pods its selector matches (only used to mention pods still
 * terminating). Kinds without a rollout (CronJob, ConfigMap, Secret, RBAC, Namespace, Ingress, custom resources)
 * are done as soon as they exist.
 */
export function readiness(live: K8sObject, pods: readonly K8sObject[]): Readiness {
  const check = CHECKS.get(`${groupOf(live.apiVersion)}/${live.kind}`);
  return check ? check(live, pods) : ready('exists');
}
