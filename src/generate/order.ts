/**
 * Apply order as data: namespaces, then identity and config, then Services, then workloads in
 * dependency order, then routing. Ties break by component rank, kind and name, so output is stable.
 */
import type { K8sObject } from '../model/k8s.js';

const KIND_RANK: Readonly<Record<string, number>> = {
  Namespace: 0,
  ServiceAccount: 1,
  Role: 1,
  RoleBinding: 1,
  Secret: 2,
  ConfigMap: 2,
  PersistentVolumeClaim: 2,
  Service: 3,
  StatefulSet: 4,
  Job: 4,
  Deployment: 4,
  DaemonSet: 4,
  CronJob: 4,
  Ingress: 5,
  HorizontalPodAutoscaler: 5,
  PodDisruptionBudget: 5,
  NetworkPolicy: 5,
};

/** Within one component: the server before the Job that provisions it. */
const WORKLOAD_RANK: Readonly<Record<string, number>> = { StatefulSet: 0, Deployment: 1, DaemonSet: 1, Job: 2, CronJob: 3 };

export function kindRank(kind: string): number {
  return KIND_RANK[kind] ?? 6;
}

export function orderObjects(objects: readonly K8sObject[], componentOrder: readonly string[]): K8sObject[] {
  const rank = new Map(componentOrder.map((c, i) => [c, i]));
  const componentRank = (o: K8sObject) => rank.get(o.metadata.labels?.['app.kubernetes.io/name'] ?? '') ?? -1;
  return [...objects].sort(
    (a, b) =>
      kindRank(a.kind) - kindRank(b.kind) ||
      (kindRank(a.kind) === 4 ? componentRank(a) - componentRank(b) || (WORKLOAD_RANK[a.kind] ?? 9) - (WORKLOAD_RANK[b.kind] ?? 9) : 0) ||
      a.kind.localeCompare(b.kind) ||
      a.metadata.name.localeCompare(b.metadata.name),
  );
}
