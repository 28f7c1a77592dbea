/** What slipway knows about one Kubernetes kind: where it goes in an apply, whether it is pruned, how it rolls out. */
import type { K8sObject } from '../object.js';
import type { ReadinessCheck } from '../readiness.js';

/**
 * Apply phases in order. Identity and config exist before the pods that mount or run as them; Services exist
 * before workloads so DNS names resolve when wait containers start; routing and policies come last.
 */
export const PHASES = ['namespace', 'identity', 'config', 'network', 'workload', 'routing'] as const;
export type Phase = (typeof PHASES)[number];

export interface KindInfo {
  apiVersion: string;
  kind: string;
  phase: Phase;
  /** Namespaced kinds can be listed per namespace (and so pruned by label there). */
  namespaced: boolean;
  /** slipway may delete a live object of this kind that carries its owner labels and left the stack. */
  prunable: boolean;
  /** Within one component's workloads: lower first (a server before the Job that provisions it). */
  workloadRank?: number;
  /** Rollout state; kinds without one are done as soon as they exist. */
  readiness?: ReadinessCheck;
  /** desired/ready as `kubectl get <kind>` shows them in READY (or COMPLETIONS); set for workload kinds. */
  counts?: (live: K8sObject) => { desired: number; ready: number };
}

/** A namespaced, prunable workload kind: the shape every controller-managed workload shares. */
export function workloadKind(apiVersion: string, kind: string, workloadRank: number, behaviour: Pick<KindInfo, 'readiness' | 'counts'>): KindInfo {
  return { apiVersion, kind, phase: 'workload', namespaced: true, prunable: true, workloadRank, ...behaviour };
}
