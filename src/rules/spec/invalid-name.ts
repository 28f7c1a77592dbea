/** Names that end up in Kubernetes object names and labels must be DNS labels short enough to stamp. */
import type { Issue } from '../../diagnostics/issue.js';
import type { StackSpec } from '../../model/stack.js';
import { dnsLabel } from '../k8s-names.js';
import type { SpecRule } from '../rule.js';

export const invalidName: SpecRule = {
  meta: {
    id: 'invalid-name',
    description: 'Stack, namespace, tenant, shard, service, infra and environment names are valid Kubernetes names',
    remediation: 'use lowercase letters, digits and -, starting with a letter (the hint proposes a name)',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    issues.push(...dnsLabel(stack.name, ['name'], 'stack name', 40, false));
    if (stack.namespace !== undefined) issues.push(...dnsLabel(stack.namespace, ['namespace'], 'namespace', 63, false));
    (stack.tenants ?? []).forEach((t, i) => issues.push(...dnsLabel(t, ['tenants', i], 'tenant', 20, false)));
    for (const name of Object.keys(stack.infra ?? {})) issues.push(...dnsLabel(name, ['infra', name], 'infra name', 40));
    for (const [name, svc] of Object.entries(stack.services ?? {})) {
      issues.push(...dnsLabel(name, ['services', name], 'service name'));
      (svc.shards ?? []).forEach((s, i) => issues.push(...dnsLabel(s, ['services', name, 'shards', i], 'shard', 20, false)));
    }
    return issues;
  },
};

/**
 * Environment names, checked once on the stack as written: merged stacks no longer carry `environments`.
 * Findings carry this rule's id.
 */
export function environmentNameIssues(stack: StackSpec): Issue[] {
  return Object.keys(stack.environments ?? {})
    .flatMap((env) => dnsLabel(env, ['environments', env], 'environment name', 30))
    .map((i) => ({ severity: invalidName.meta.severity, ruleId: invalidName.meta.id, ...i }));
}
