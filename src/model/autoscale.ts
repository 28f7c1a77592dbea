/**
 * Autoscaling: what resolve, the hpa feature, the Deployment builder and the autoscale rules must agree on.
 * A HorizontalPodAutoscaler owns the replica count of the Deployment it targets; slipway then only sets the
 * range, and every "how many pods" question has two answers: the floor (min) and the ceiling (max).
 */
import { serviceReplicas } from './disruption.js';
import type { Profile, ServiceSpec } from './stack.js';

export interface ResolvedAutoscale {
  min: number;
  max: number;
  /** Target average CPU use, percent of the request. */
  cpu?: number;
  /** Target average memory use, percent of the request. */
  memory?: number;
}

/** Kinds an HPA can scale: a Deployment (service, worker). Jobs run to completion, agents follow the node count. */
export const AUTOSCALED_KINDS: readonly string[] = ['service', 'worker'];

type Scaled = Pick<ServiceSpec, 'replicas' | 'kind' | 'autoscale'>;

/** The autoscale range, when the service has one its kind supports (the autoscale-not-allowed rule reports the rest). */
export function autoscaleOf(svc: Scaled): ResolvedAutoscale | undefined {
  const a = svc.autoscale;
  if (!a || !AUTOSCALED_KINDS.includes(svc.kind ?? 'service')) return undefined;
  return { min: a.min, max: a.max, ...(a.cpu !== undefined ? { cpu: a.cpu } : {}), ...(a.memory !== undefined ? { memory: a.memory } : {}) };
}

/**
 * The fewest pods a service runs: autoscale.min, else its replicas (or the profile's). Budgets are measured
 * against this, since a budget that blocks evictions at the floor blocks every drain while load is low.
 */
export function floorReplicas(svc: Scaled, profile: Profile): number {
  return autoscaleOf(svc)?.min ?? serviceReplicas(svc.replicas, svc.kind, profile);
}
