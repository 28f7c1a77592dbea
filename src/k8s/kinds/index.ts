/**
 * The one table of Kubernetes kinds slipway handles. Apply order, pruning, readiness and status counts all
 * read it, so a new kind (a PodDisruptionBudget, say) is one entry here. Kinds not in the table (custom
 * resources) go last unless they are a component's workload (plan/waves.ts), get readiness from their status
 * conditions (custom-resource.ts), and are pruned only when a recorded revision lists them.
 */
import type { K8sObject } from '../object.js';
import { ready, type Readiness } from '../readiness.js';
import { cronJob } from './cronjob.js';
import { customResourceCounts, customResourceReadiness, isCustomGroup } from './custom-resource.js';
import { daemonSet } from './daemonset.js';
import { deployment } from './deployment.js';
import { job } from './job.js';
import { PHASES, type KindInfo, type Phase } from './kind.js';
import { MONITORING_KINDS } from './monitoring.js';
import { persistentVolumeClaim } from './persistent-volume-claim.js';
import { service } from './service.js';
import { statefulSet } from './statefulset.js';

export type { KindInfo, Phase } from './kind.js';
export { PHASES } from './kind.js';
export { isCustomGroup } from './custom-resource.js';

const simple = (apiVersion: string, kind: string, phase: Phase, prunable = true, namespaced = true): KindInfo => ({ apiVersion, kind, phase, namespaced, prunable });

export const KINDS: readonly KindInfo[] = [
  // The namespace holds the data; it is never pruned, and `down --purge` removes it only when slipway made it.
  simple('v1', 'Namespace', 'namespace', false, false),
  simple('v1', 'ServiceAccount', 'identity'),
  simple('rbac.authorization.k8s.io/v1', 'Role', 'identity'),
  simple('rbac.authorization.k8s.io/v1', 'RoleBinding', 'identity'),
  simple('v1', 'Secret', 'config'),
  simple('v1', 'ConfigMap', 'config'),
  // The Prometheus Operator's kinds (operator mode of observability): configuration, served by its CRDs.
  ...MONITORING_KINDS,
  persistentVolumeClaim,
  service,
  statefulSet,
  deployment,
  daemonSet,
  job,
  cronJob,
  simple('networking.k8s.io/v1', 'Ingress', 'routing'),
  simple('autoscaling/v2', 'HorizontalPodAutoscaler', 'routing'),
  simple('policy/v1', 'PodDisruptionBudget', 'routing'),
  simple('networking.k8s.io/v1', 'NetworkPolicy', 'routing'),
];

const byKind = new Map(KINDS.map((k) => [k.kind, k]));
const byGroupKind = new Map(KINDS.map((k) => [`${groupOf(k.apiVersion)}/${k.kind}`, k]));

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * Facts about a kind. Keyed by API group and kind when the apiVersion is known, so a custom resource that
 * happens to be called "Job" is not mistaken for batch/Job.
 */
export function kindInfo(kind: string, apiVersion?: string): KindInfo | undefined {
  return apiVersion === undefined ? byKind.get(kind) : byGroupKind.get(`${groupOf(apiVersion)}/${kind}`);
}

/** Apply rank of a kind: its phase's index; unknown kinds after everything else. */
export function applyRank(kind: string): number {
  const info = byKind.get(kind);
  return info ? PHASES.indexOf(info.phase) : PHASES.length;
}

export function phaseOf(kind: string): Phase | undefined {
  return byKind.get(kind)?.phase;
}

export function isWorkload(kind: string): boolean {
  return byKind.get(kind)?.phase === 'workload';
}

/** [apiVersion, kind] of every kind slipway may prune, in reverse apply order (routing first). */
export const PRUNABLE_KINDS: readonly (readonly [string, string])[] = KINDS.filter((k) => k.prunable && k.namespaced)
  .reverse()
  .map((k) => [k.apiVersion, k.kind] as const);

/** [apiVersion, kind] of the workload kinds (one status row each). */
export const WORKLOAD_KINDS: readonly (readonly [string, string])[] = KINDS.filter((k) => k.phase === 'workload').map((k) => [k.apiVersion, k.kind] as const);

/**
 * Readiness of a live object, following the rules `kubectl rollout status` uses. `pods` are the pods its selector
 * matches. Custom resources are read from their status conditions (kstatus conventions); built-in kinds without
 * a rollout (CronJob, ConfigMap, Secret, RBAC, Namespace, Ingress) are done as soon as they exist.
 */
export function readiness(live: K8sObject, pods: readonly K8sObject[]): Readiness {
  const info = kindInfo(live.kind, live.apiVersion);
  if (info?.readiness) return info.readiness(live, pods);
  return !info && isCustomGroup(live.apiVersion) ? customResourceReadiness(live) : ready('exists');
}

/** desired/ready of a workload as `kubectl get` shows them; 0/0 for kinds without counts. */
export function counts(live: K8sObject): { desired: number; ready: number } {
  const info = kindInfo(live.kind, live.apiVersion);
  if (!info && isCustomGroup(live.apiVersion)) return customResourceCounts(live);
  return info?.counts?.(live) ?? { desired: 0, ready: 0 };
}
