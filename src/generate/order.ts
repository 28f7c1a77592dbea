/**
 * Apply order as data (k8s/kinds): namespaces, then identity and config, then Services, then workloads in
 * dependency order, then routing. Ties break by component rank, kind and name, so output is stable.
 */
import { applyRank, isWorkload, kindInfo } from '../k8s/kinds/index.js';
import { componentOf, type K8sObject } from '../k8s/object.js';

export function orderObjects(objects: readonly K8sObject[], componentOrder: readonly string[]): K8sObject[] {
  const rank = new Map(componentOrder.map((c, i) => [c, i]));
  const componentRank = (o: K8sObject) => rank.get(componentOf(o) ?? '') ?? -1;
  const workloadRank = (o: K8sObject) => kindInfo(o.kind)?.workloadRank ?? 9;
  return [...objects].sort(
    (a, b) =>
      applyRank(a.kind) - applyRank(b.kind) ||
      (isWorkload(a.kind) ? componentRank(a) - componentRank(b) || workloadRank(a) - workloadRank(b) : 0) ||
      a.kind.localeCompare(b.kind) ||
      a.metadata.name.localeCompare(b.metadata.name),
  );
}
