/**
 * Where a workload keeps its pods: `spec.template` (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job), a
 * CronJob's `spec.jobTemplate.spec.template`, or a bare Pod, which is its own template. Generators that patch
 * every pod, preflight that reads what pods need, and analyze that reads what pods name all go through here.
 */
import type { K8sObject } from './object.js';

export interface PodTemplateLike {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: object;
}

type Spec = Record<string, unknown>;

/** The pod template of a workload object, or undefined for an object that runs no pods. */
export function podTemplateOf(o: K8sObject): PodTemplateLike | undefined {
  const spec = (o as { spec?: Spec }).spec;
  if (o.kind === 'Pod') return { metadata: o.metadata as PodTemplateLike['metadata'], ...(spec ? { spec } : {}) };
  if (o.kind === 'CronJob') return ((spec?.jobTemplate as { spec?: Spec } | undefined)?.spec?.template as PodTemplateLike | undefined) ?? undefined;
  return spec?.template as PodTemplateLike | undefined;
}

/** The object with its pod template replaced by `patch(template)`; objects without one (and bare Pods) are returned as they are. */
export function withPodTemplate(o: K8sObject, patch: (t: PodTemplateLike) => PodTemplateLike): K8sObject {
  const spec = (o as { spec?: Spec }).spec;
  if (!spec || o.kind === 'Pod') return o;
  if (spec.template) return { ...o, spec: { ...spec, template: patch(spec.template as PodTemplateLike) } } as K8sObject;
  const jobTemplate = spec.jobTemplate as { spec?: Spec } | undefined;
  if (jobTemplate?.spec?.template) {
    return { ...o, spec: { ...spec, jobTemplate: { ...jobTemplate, spec: { ...jobTemplate.spec, template: patch(jobTemplate.spec.template as PodTemplateLike) } } } } as K8sObject;
  }
  return o;
}
