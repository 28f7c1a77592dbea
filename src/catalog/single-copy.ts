/**
 * A workload a catalog entry runs beside its server in exactly one copy: a reader of cluster-wide series (Kafka's
 * exporter, kube-state-metrics) whose second copy would report every series twice. Its Deployment says so on
 * itself (the lint ignore carries the reason), and its disruption budget never blocks a drain of the one pod.
 */
import type { V1PodSpec } from '@kubernetes/client-node';
import type { K8sObject } from '../k8s/object.js';
import type { Budget } from '../model/disruption.js';
import { metadata, type Meta } from '../generate/objects.js';
import { IGNORE_ANNOTATION_PREFIX } from '../lint/ignores.js';

export interface SingleCopy {
  meta: Meta;
  /** Its own selector labels (no Service, budget or workload of the server selects its pods). */
  selector: Record<string, string>;
  /** Why one copy: the lint ignore's reason. */
  why: string;
  pod: V1PodSpec;
  /** The disruption budget, when the profile gives one. */
  budget?: Budget;
}

/** The Deployment and, with a budget, its PodDisruptionBudget. */
export function singleCopyObjects(s: SingleCopy): K8sObject[] {
  const deployment: K8sObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata({ ...s.meta, annotations: { [`${IGNORE_ANNOTATION_PREFIX}single-replica`]: s.why } }),
    spec: { replicas: 1, selector: { matchLabels: s.selector }, template: { metadata: { labels: s.meta.labels }, spec: s.pod } },
  };
  // As the pdb feature writes them: a pod that is not Ready never waits on the budget.
  const budget: K8sObject[] = s.budget ? [{ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: metadata(s.meta), spec: { ...s.budget, selector: { matchLabels: { ...s.selector } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' } }] : [];
  return [deployment, ...budget];
}
