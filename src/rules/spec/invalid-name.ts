/** Names that end up in Kubernetes object names and labels must be DNS labels short enough to stamp. */
import type { Issue } from '../../diagnostics/issue.js';
import type { StackSpec } from '../../model/stack.js';
import { DNS_LABEL, MAX_NAME } from '../k8s-syntax.js';
import type { SpecRule } from '../rule.js';

/** An invalid-name finding unless `value` is a DNS label of at most `max` characters; the hint proposes a fixed name. */
function dnsLabel(value: string, path: Issue['path'], what: string, max = MAX_NAME, atKey = true): Issue[] {
  if (DNS_LABEL.test(value) && value.length <= max) return [];
  const fixed = value.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+|-+$/g, '').slice(0, max) || 'name';
  return [
    {
      code: 'invalid-name',
      message: `${what} "${value}" is not a valid Kubernetes name (lowercase letters, digits and '-', starting with a letter, at most ${max} characters)`,
      hint: `try "${fixed}"`,
      path,
      atKey,
    },
  ];
}

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
