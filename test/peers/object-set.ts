/** Objects compared as a set: keyed by kind/namespace/name, each as canonical JSON (map keys sorted). */
import type { K8sObject } from '../../src/k8s/object.js';

export function objectSet(objects: readonly K8sObject[]): Map<string, string> {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, canonical(x)])) : v;
  return new Map(objects.map((o) => [`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, JSON.stringify(canonical(o))]));
}
