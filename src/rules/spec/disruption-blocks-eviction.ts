/**
 * A disruption budget that lets no pod be evicted makes every node drain and cluster upgrade hang on the
 * workload's nodes; one that sets both bounds is refused by the PodDisruptionBudget API. Replicas are the
 * environment's, the profile's default included, since that is what the budget is measured against; for an autoscaled service,
 * its min (model/autoscale.ts floorReplicas).
 */
import type { Issue } from '../../diagnostics/issue.js';
import { autoscaleOf, floorReplicas } from '../../model/autoscale.js';
import { blocksEvictions, budgetOf, type DisruptionSpec } from '../../model/disruption.js';
import { infraReplicas } from '../../model/infra-defaults.js';
import type { SpecRule } from '../rule.js';
import { catalogInfra } from './stack-fields.js';

export const disruptionBlocksEviction: SpecRule = {
  meta: {
    id: 'disruption-blocks-eviction',
    description: 'A disruption budget sets one of maxUnavailable and minAvailable, and lets at least one pod be evicted',
    remediation: 'use maxUnavailable: 1, or a minAvailable below replicas',
    severity: 'error',
  },
  subject: 'spec',
  check(stack, ctx) {
    const profile = stack.profile ?? 'default';
    const issues: Issue[] = [];
    const check = (group: 'services' | 'infra', name: string, spec: DisruptionSpec, replicas: number, most = replicas) => {
      if (!spec) return;
      if (spec.maxUnavailable !== undefined && spec.minAvailable !== undefined) {
        issues.push({
          code: 'disruption-blocks-eviction',
          message: 'a disruption budget sets one of maxUnavailable and minAvailable, not both',
          hint: 'keep maxUnavailable (how many pods a drain may take at once) and remove minAvailable',
          path: [group, name, 'disruption', 'minAvailable'],
        });
        return;
      }
      const budget = budgetOf(spec, profile);
      // One pod gets no budget at all (features/pdb.ts), so there is nothing to block.
      const blocked = budget && most > 1 ? blocksEvictions(budget, replicas) : undefined;
      if (!blocked) return;
      const scaled = most !== replicas;
      issues.push({
        code: 'disruption-blocks-eviction',
        message: `${blocked}: with ${replicas} ${scaled ? 'pod(s) at autoscale.min' : 'replicas'}, node drains and upgrades would never finish`,
        hint: replicas > 1 ? `use maxUnavailable: 1, or minAvailable: ${replicas - 1} or less` : 'use maxUnavailable: 1',
        path: [group, name, 'disruption', 'maxUnavailable' in budget! ? 'maxUnavailable' : 'minAvailable'],
      });
    };
    for (const [name, svc] of Object.entries(stack.services ?? {})) check('services', name, svc.disruption, floorReplicas(svc, profile), autoscaleOf(svc)?.max);
    for (const { name, spec, entry } of catalogInfra(stack, ctx)) {
      if ((spec.mode ?? 'internal') === 'internal') check('infra', name, spec.disruption, infraReplicas(spec, profile, entry.productionReplicas));
    }
    return issues;
  },
};
