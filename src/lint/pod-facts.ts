/** Facts object rules share: a container's effective security settings, image parts, replica floors. */
import type { K8sObject } from '../k8s/object.js';
import type { ContainerSite, ObjectIndex } from './object-index.js';

/** The container's setting, else the pod's (the API's own precedence for the fields both levels have). */
export function effective<K extends 'runAsNonRoot' | 'runAsUser'>(site: ContainerSite, key: K) {
  return site.container.securityContext?.[key] ?? site.pod.spec.securityContext?.[key];
}

/** `name`, tag and digest of an image reference (a port in the registry host is not a tag). */
export function imageParts(image: string): { name: string; tag?: string; digest?: string } {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const ref = at >= 0 ? image.slice(0, at) : image;
  const colon = ref.lastIndexOf(':');
  const tag = colon > ref.lastIndexOf('/') ? ref.slice(colon + 1) : undefined;
  return { name: tag === undefined ? ref : ref.slice(0, colon), ...(tag !== undefined ? { tag } : {}), ...(digest ? { digest } : {}) };
}

interface Hpa {
  spec?: { scaleTargetRef?: { kind?: string; name?: string }; minReplicas?: number };
}

/** Autoscalers by the object they scale (`Kind/namespace/name`), built once per object set. */
const byTarget = new WeakMap<ObjectIndex, Map<string, K8sObject[]>>();

/** The HorizontalPodAutoscalers that scale this workload. */
export function autoscalersOf(ix: ObjectIndex, o: K8sObject): readonly K8sObject[] {
  let index = byTarget.get(ix);
  if (!index) {
    index = new Map();
    for (const h of ix.ofKind('HorizontalPodAutoscaler')) {
      const ref = (h as Hpa).spec?.scaleTargetRef;
      const key = `${ref?.kind}/${ix.namespaceOf(h)}/${ref?.name}`;
      index.set(key, [...(index.get(key) ?? []), h]);
    }
    byTarget.set(ix, index);
  }
  return index.get(`${o.kind}/${ix.namespaceOf(o)}/${o.metadata.name}`) ?? [];
}

/** The fewest pods a Deployment or StatefulSet runs: its autoscaler's minimum (default 1), else spec.replicas (default 1). */
export function replicaFloor(ix: ObjectIndex, o: K8sObject): number {
  const hpas = autoscalersOf(ix, o);
  if (hpas.length) return Math.min(...hpas.map((h) => (h as Hpa).spec?.minReplicas ?? 1));
  return ((o as { spec?: { replicas?: number } }).spec?.replicas) ?? 1;
}

/** Deployments and StatefulSets: the workloads with a replica count that availability rules reason about. */
export function replicated(ix: ObjectIndex): K8sObject[] {
  return [...ix.ofKind('Deployment'), ...ix.ofKind('StatefulSet')];
}

export const containerName = (s: ContainerSite) => `${s.init ? 'init container' : 'container'} "${s.container.name ?? '?'}"`;
