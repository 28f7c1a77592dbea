/** Internal instances are single-server deployments (or small clusters); more replicas would not form an HA set. */
import type { Issue } from '../../diagnostics/issue.js';
import { infraReplicas } from '../../model/infra-defaults.js';
import type { SpecRule } from '../rule.js';
import { internalCatalogInfra } from './stack-fields.js';

export const replicasUnsupported: SpecRule = {
  meta: {
    id: 'replicas-unsupported',
    description: "Internal infra runs no more replicas than its catalog entry supports (the profile's default included)",
    remediation: 'use an external (managed) instance for HA, or lower replicas',
    severity: 'error',
  },
  subject: 'spec',
  check(stack, ctx) {
    const issues: Issue[] = [];
    for (const { name, spec, entry } of internalCatalogInfra(stack, ctx)) {
      if (infraReplicas(spec, stack.profile ?? 'default', entry.productionReplicas) <= entry.maxReplicas) continue;
      const single = entry.maxReplicas === 1;
      issues.push({
        code: 'replicas-unsupported',
        message: single
          ? `internal ${entry.type} runs as one server: slipway sets up no replication or failover for it, so more replicas would be separate, diverging servers`
          : `${entry.type} supports at most ${entry.maxReplicas} replicas when internal`,
        hint: `${entry.replicasHint ?? `use an external (managed) ${entry.type} for HA`}, or set replicas: ${entry.maxReplicas}`,
        path: ['infra', name, 'replicas'],
      });
    }
    return issues;
  },
};
