/**
 * Spread of a replicated component's pods over failure domains, patched onto its workload's pod template so
 * services (Deployments) and catalog infra (StatefulSets) share one implementation.
 *
 * Every constraint is soft (ScheduleAnyway / preferred): a single-zone or single-node cluster — a laptop, CI,
 * a small production cluster — must still run every replica; the scheduler spreads where it can.
 */
import { matchLabelsOf, type K8sObject } from '../k8s/object.js';
import type { Component } from './component.js';

export const ZONE = 'topology.kubernetes.io/zone';
export const HOSTNAME = 'kubernetes.io/hostname';

interface PodOwner {
  spec: { template: { spec: Record<string, unknown> } };
}

/** The component's workload objects, with spread added to its replicated Deployment or StatefulSet. */
export function withSpread(c: Component, objects: readonly K8sObject[]): K8sObject[] {
  // An autoscaled service spreads whenever it may scale out: the HPA adds pods without a new render.
  if (!c.spread || c.maxReplicas <= 1) return [...objects];
  return objects.map((o) => (ownsPods(c, o) ? patched(c, o) : o));
}

/** The component's own server pods: not a catalog Job, which carries none of the selector labels. */
function ownsPods(c: Component, o: K8sObject): o is K8sObject & PodOwner {
  if (o.kind !== 'Deployment' && o.kind !== 'StatefulSet') return false;
  const match = matchLabelsOf(o) ?? {};
  return Object.entries(c.selector).every(([k, v]) => match[k] === v);
}

function patched(c: Component, o: K8sObject & PodOwner): K8sObject {
  const selector = { matchLabels: { ...c.selector } };
  const pod = o.spec.template.spec;
  const preferApart = (terms: [string, number][]) => ({
    affinity: {
      ...(pod.affinity as Record<string, unknown> | undefined),
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: terms.map(([topologyKey, weight]) => ({ weight, podAffinityTerm: { topologyKey, labelSelector: selector } })),
      },
    },
  });
  const extra =
    o.kind === 'Deployment'
      ? {
          // Zones first: losing a zone is the larger outage; then nodes within it. Spread balances counts when
          // there are more replicas than nodes, which anti-affinity alone cannot.
          topologySpreadConstraints: [ZONE, HOSTNAME].map((topologyKey) => ({ maxSkew: 1, topologyKey, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector })),
          // A preferred hostname anti-affinity on top: a scheduler or policy tool that ignores spread (kube-score,
          // schedulers with the spread plugin off) still sees "not on one node". Inter-pod terms cost scheduling time
          // on very large clusters; `spread: false` turns both off.
          ...preferApart([[HOSTNAME, 100]]),
        }
      : // A stateful quorum (Kafka, a replica set) loses a member per node it shares: keep members on separate
        // nodes first, separate zones second.
        preferApart([
          [HOSTNAME, 100],
          [ZONE, 50],
        ]);
  return { ...o, spec: { ...o.spec, template: { ...o.spec.template, spec: { ...pod, ...extra } } } } as K8sObject;
}
