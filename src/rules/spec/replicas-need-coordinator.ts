/**
 * Entries whose replicas coordinate through another entry of the stack (ClickHouse through a ClickHouse Keeper)
 * run more than one replica only when the stack names that entry: replicas without it would be independent
 * servers behind one Service, each with its own data, and users would read whichever one answered.
 */
import type { Issue } from '../../diagnostics/issue.js';
import { infraReplicas } from '../../model/infra-defaults.js';
import type { SpecRule } from '../rule.js';
import { internalCatalogInfra } from './stack-fields.js';

export const replicasNeedCoordinator: SpecRule = {
  meta: {
    id: 'replicas-need-coordinator',
    description: 'Internal infra whose replicas replicate through another entry names that entry (clickhouse: options.keeper, a clickhouse-keeper)',
    remediation: 'add the coordinating entry (e.g. a clickhouse-keeper) and name it in options, or set replicas: 1',
    severity: 'error',
  },
  subject: 'spec',
  check(stack, ctx) {
    const issues: Issue[] = [];
    for (const { name, spec, entry } of internalCatalogInfra(stack, ctx)) {
      const need = entry.replicasNeed;
      if (!need) continue;
      const replicas = infraReplicas(spec, stack.profile ?? 'default', entry.productionReplicas);
      // Above the maximum is replicas-unsupported's finding.
      if (replicas < 2 || replicas > entry.maxReplicas || spec.options?.[need.option] !== undefined) continue;
      const candidates = Object.entries(stack.infra ?? {})
        .filter(([, i]) => i.type === need.type)
        .map(([n]) => n)
        .sort();
      const example = candidates[0] ?? 'keeper';
      issues.push({
        code: 'replicas-need-coordinator',
        message: `${entry.type} with ${replicas} replicas replicates through a ${need.type} entry, and options.${need.option} names none`,
        hint: candidates.length
          ? `set options: {${need.option}: ${example}} (${need.type} entries here: ${candidates.join(', ')}), or replicas: 1`
          : `add infra: {${example}: {type: ${need.type}, replicas: 3}} and set options: {${need.option}: ${example}} here, or replicas: 1`,
        path: ['infra', name, 'replicas'],
      });
    }
    return issues;
  },
};
