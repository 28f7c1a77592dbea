/**
 * What Argo CD must know about each emitted object to deploy it the way `slipway up` does:
 * - the order: the plan's waves (plan/waves.ts) become `argocd.argoproj.io/sync-wave`, numbered in plan order,
 *   so the namespace comes first, then identity/config/services, then components level by level (infra before
 *   the apps that use it, a migration Job before what waits for it), routing last. Argo CD applies one wave,
 *   waits until it is healthy, then applies the next ("Sync Phases and Waves" in Argo CD's user guide).
 * - what is never deleted: slipway never prunes claims (k8s/kinds, `prunable: false`) nor the credentials it
 *   generated, and `down` keeps both unless --purge. Argo CD's per-resource sync options `Prune=false` ("No
 *   Prune Resources") and `Delete=false` ("No Resource Deletion"), both in docs/user-guide/sync-options.md,
 *   say the same. The Namespace gets them too: deleting it would take the claims with it. Claims a StatefulSet
 *   makes from its volumeClaimTemplates are never Argo CD's (it did not apply them), so they survive anyway.
 * - what a controller owns: a Deployment an autoscaler scales has no spec.replicas in the manifest
 *   (generate/workloads/deployment.ts); ignoreDifferences on that field keeps Argo CD from calling the
 *   autoscaler's count drift, as Argo CD's diffing docs advise for HPA-managed replicas.
 */
import { planWaves } from '../../plan/waves.js';
import { kindInfo } from '../../k8s/kinds/index.js';
import type { K8sObject } from '../../k8s/object.js';
import type { StackGraph } from '../../model/graph.js';
import { isGeneratedCredential } from '../../model/ownership.js';

export const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
export const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
export const KEEP = 'Prune=false,Delete=false';

/** One entry of an Application's spec.ignoreDifferences. */
export interface IgnoreDifference {
  group: string;
  kind: string;
  name: string;
  jsonPointers: string[];
}

/** Whether slipway itself never deletes the object on its own (data, generated credentials, the namespace). */
export function isKept(o: K8sObject): boolean {
  return o.kind === 'Namespace' || kindInfo(o.kind, o.apiVersion)?.prunable === false || isGeneratedCredential(o);
}

/** Copies of the objects (same order) carrying their sync wave and, where slipway keeps them, the keep options. */
export function withSyncAnnotations(objects: readonly K8sObject[], graph: StackGraph): K8sObject[] {
  const wave = new Map<K8sObject, number>();
  planWaves(objects, graph).forEach((w, i) => w.steps.forEach((s) => s.objects.forEach((o) => wave.set(o, i))));
  return objects.map((o) => {
    const annotations = { ...o.metadata.annotations, [SYNC_WAVE]: String(wave.get(o) ?? 0), ...(isKept(o) ? { [SYNC_OPTIONS]: KEEP } : {}) };
    return { ...o, metadata: { ...o.metadata, annotations } } as K8sObject;
  });
}

/** spec.replicas of every Deployment an autoscaler in the set scales, sorted by name. */
export function ignoredDifferences(objects: readonly K8sObject[]): IgnoreDifference[] {
  const names = objects
    .filter((o) => o.kind === 'HorizontalPodAutoscaler')
    .map((o) => (o as { spec?: { scaleTargetRef?: { kind?: string; name?: string } } }).spec?.scaleTargetRef)
    .filter((r): r is { kind: string; name: string } => r?.kind === 'Deployment' && typeof r.name === 'string')
    .map((r) => r.name);
  return [...new Set(names)].sort().map((name) => ({ group: 'apps', kind: 'Deployment', name, jsonPointers: ['/spec/replicas'] }));
}
