/**
 * A PodDisruptionBudget for a replicated Deployment or StatefulSet, so a node drain or upgrade takes its pods
 * one budget at a time instead of all at once. None for one pod (a budget there either blocks every drain or
 * protects nothing), and none for Jobs, CronJobs and DaemonSets: their pods are not a replicated service, and
 * a DaemonSet's pod is tied to its node anyway.
 *
 * An autoscaled service gets one when its max is above one, even at min 1: maxUnavailable: 1 then lets the
 * lone pod go (no blocked drain) and limits drains to a pod at a time once the HPA has scaled out. Bounds are
 * checked against min by the disruption-blocks-eviction rule, the count a budget meets while load is low.
 */
import { componentObject, operated } from '../component.js';
import type { Feature } from './feature.js';

export const pdb: Feature = {
  name: 'pdb',
  key: 'disruption',
  // An operator keeps its own budgets, which know which pod is the primary (CloudNativePG's <name>-primary).
  applies: (c) => c.disruption !== undefined && c.maxReplicas > 1 && (c.component === 'service' || c.component === 'worker' || c.component === 'infra') && !operated(c),
  objects: (c, ctx) => [
    componentObject('policy/v1', 'PodDisruptionBudget', c, ctx, {
      spec: {
        ...c.disruption,
        selector: { matchLabels: { ...c.selector } },
        // Pods that are not Ready yet count as already disrupted, so evicting them never waits on the budget;
        // a crash-looping replica cannot then block a drain.
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    }),
  ],
};
