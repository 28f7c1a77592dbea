/**
 * Entries whose servers form a quorum (Kafka's KRaft controllers) run an odd number of replicas: two voters
 * survive no failure and four no more than three, so an even count only adds a pod that must stay up.
 */
import type { Issue } from '../../diagnostics/issue.js';
import { infraReplicas } from '../../model/infra-defaults.js';
import type { SpecRule } from '../rule.js';
import { catalogInfra } from './stack-fields.js';

export const replicasQuorum: SpecRule = {
  meta: {
    id: 'replicas-quorum',
    description: 'Internal infra that forms a quorum runs a replica count its catalog entry supports (kafka: 1, 3 or 5)',
    remediation: 'set replicas to one of the supported counts',
    severity: 'error',
  },
  subject: 'spec',
  check(stack, ctx) {
    const issues: Issue[] = [];
    for (const { name, spec, entry } of catalogInfra(stack, ctx)) {
      const counts = entry.replicaCounts;
      if (!counts || (spec.mode ?? 'internal') !== 'internal') continue;
      const replicas = infraReplicas(spec, stack.profile ?? 'default', entry.productionReplicas);
      // Above the maximum is replicas-unsupported's finding.
      if (replicas > entry.maxReplicas || counts.includes(replicas)) continue;
      issues.push({
        code: 'replicas-quorum',
        message: `${entry.type} runs a quorum; ${replicas} replicas tolerate no more failures than ${Math.max(...counts.filter((c) => c < replicas))}`,
        hint: `set replicas to ${counts.join(', ').replace(/, (\d+)$/, ' or $1')}`,
        path: ['infra', name, 'replicas'],
      });
    }
    return issues;
  },
};
