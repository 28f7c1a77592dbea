/** Names that end up in Kubernetes object names, labels, ports and env vars must fit their rules. */
import type { StackSpec } from '../../model/stack.js';
import type { Issue } from '../../diagnostics/issue.js';

const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const PORT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
/** CronJob names are limited to 52 characters (the controller appends a timestamp); we hold every workload to it. */
const MAX_NAME = 52;

function dnsLabel(value: string, path: Issue['path'], what: string, max = MAX_NAME): Issue[] {
  if (DNS_LABEL.test(value) && value.length <= max) return [];
  const fixed = value.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+|-+$/g, '').slice(0, max) || 'name';
  return [{ code: 'invalid-name', message: `${what} "${value}" is not a valid Kubernetes name (lowercase letters, digits and '-', starting with a letter, at most ${max} characters)`, hint: `try "${fixed}"`, path, atKey: true }];
}

export function nameRule(stack: StackSpec): Issue[] {
  const issues: Issue[] = [];
  issues.push(...dnsLabel(stack.name, ['name'], 'stack name', 40).map((i) => ({ ...i, atKey: false })));
  if (stack.namespace !== undefined) issues.push(...dnsLabel(stack.namespace, ['namespace'], 'namespace', 63).map((i) => ({ ...i, atKey: false })));
  const tenants = stack.tenants ?? [];
  tenants.forEach((t, i) => issues.push(...dnsLabel(t, ['tenants', i], 'tenant', 20).map((x) => ({ ...x, atKey: false }))));
  for (const [name, infra] of Object.entries(stack.infra ?? {})) {
    issues.push(...dnsLabel(name, ['infra', name], 'infra name', 40));
    void infra;
  }
  for (const [name, svc] of Object.entries(stack.services ?? {})) {
    issues.push(...dnsLabel(name, ['services', name], 'service name'));
    (svc.shards ?? []).forEach((s, i) => issues.push(...dnsLabel(s, ['services', name, 'shards', i], 'shard', 20).map((x) => ({ ...x, atKey: false }))));
    const stampedLength = name.length + (svc.perTenant ? 1 + Math.max(0, ...tenants.map((t) => t.length)) : 0) + (svc.shards ? 1 + Math.max(...svc.shards.map((s) => s.length)) : 0);
    if (DNS_LABEL.test(name) && stampedLength > MAX_NAME) {
      issues.push({ code: 'name-too-long', message: `"${name}" stamped with its tenant/shard is ${stampedLength} characters; the limit is ${MAX_NAME}`, hint: 'shorten the service, tenant or shard name', path: ['services', name], atKey: true });
    }
    for (const port of Object.keys(svc.ports ?? {})) {
      if (!PORT_NAME.test(port) || port.length > 15 || !/[a-z]/.test(port) || port.includes('--')) {
        issues.push({ code: 'invalid-port-name', message: `port name "${port}" is not a valid IANA service name (at most 15 lowercase letters, digits and '-', with a letter)`, hint: 'e.g. http, grpc, metrics', path: ['services', name, 'ports', port], atKey: true });
      }
    }
    for (const env of Object.keys(svc.env ?? {})) {
      if (!ENV_NAME.test(env)) issues.push({ code: 'invalid-env-name', message: `"${env}" is not a valid env var name`, hint: 'use letters, digits and _, not starting with a digit', path: ['services', name, 'env', env], atKey: true });
    }
  }
  return issues;
}

export function environmentNameRule(stack: StackSpec): Issue[] {
  return Object.keys(stack.environments ?? {}).flatMap((env) => dnsLabel(env, ['environments', env], 'environment name', 30));
}
