/**
 * Disruption budgets and spread: the defaults that resolve (which applies them), the pdb feature (which writes
 * them) and the disruption-blocks-eviction rule (which checks them before resolving) must agree on.
 */
import { PROFILES } from './profiles.js';
import type { Profile } from './stack.js';

/** A PodDisruptionBudget's one bound: how many pods a voluntary eviction may take, or must leave. */
export type Budget = { maxUnavailable: number | string } | { minAvailable: number | string };

/**
 * One pod at a time: a drain or node upgrade always makes progress (never a budget that blocks every
 * eviction), and a replicated workload never loses more than one pod to it. A percentage would round to 0
 * for small counts and block drains; minAvailable would have to follow every replicas change.
 */
const DEFAULT_MAX_UNAVAILABLE = 1;
export const DEFAULT_BUDGET: Budget = { maxUnavailable: DEFAULT_MAX_UNAVAILABLE };

/** The stack's `disruption:` value: false = no budget, an object = this budget, unset = the profile's choice. */
export type DisruptionSpec = false | { maxUnavailable?: number | string; minAvailable?: number | string } | undefined;

/** The budget a component gets, before replicas are considered (the feature writes none for one pod). */
export function budgetOf(spec: DisruptionSpec, profile: Profile): Budget | undefined {
  if (spec === false) return undefined;
  if (spec === undefined) return PROFILES[profile].disruption ? DEFAULT_BUDGET : undefined;
  if (spec.minAvailable !== undefined) return { minAvailable: spec.minAvailable };
  return { maxUnavailable: spec.maxUnavailable ?? DEFAULT_MAX_UNAVAILABLE };
}

/** Whether pods are spread over zones and nodes: the stack's `spread:`, else the profile's choice. */
export function spreadOf(spec: boolean | undefined, profile: Profile): boolean {
  return spec ?? PROFILES[profile].spread;
}

/** Replicas of a stack service when the stack does not say: the profile's count for long-running kinds. */
export function serviceReplicas(replicas: number | undefined, kind: string | undefined, profile: Profile): number {
  return replicas ?? ((kind ?? 'service') === 'service' || kind === 'worker' ? PROFILES[profile].replicas : 1);
}

/**
 * Why a budget would let no voluntary eviction through for `replicas` pods, or undefined when it lets one
 * through. The eviction API then refuses every drain of a node running one of these pods.
 */
export function blocksEvictions(budget: Budget, replicas: number): string | undefined {
  if ('maxUnavailable' in budget) {
    return podsOf(budget.maxUnavailable, replicas) === 0 ? `maxUnavailable: ${budget.maxUnavailable} lets no pod be evicted` : undefined;
  }
  const min = podsOf(budget.minAvailable, replicas);
  return min >= replicas ? `minAvailable: ${budget.minAvailable} keeps all ${replicas} pod(s), so none can be evicted` : undefined;
}

/** How many of `replicas` pods the budget lets voluntary evictions take at once. */
export function evictable(budget: Budget, replicas: number): number {
  return 'maxUnavailable' in budget ? podsOf(budget.maxUnavailable, replicas) : Math.max(0, replicas - podsOf(budget.minAvailable, replicas));
}

/** A count or percentage as pods of `replicas`; the disruption controller rounds percentages up for both bounds. */
function podsOf(v: number | string, replicas: number): number {
  if (typeof v === 'number') return v;
  return Math.ceil((Number(v.slice(0, -1)) * replicas) / 100);
}
