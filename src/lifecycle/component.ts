/**
 * Which deployed component a day-2 command means: a service by its stack name (all its tenant and shard copies,
 * or one tenant's) or an infra entry. Unknown names get one usage error with a did-you-mean.
 */
import { suggest } from '../diagnostics/did-you-mean.js';
import { userError } from '../diagnostics/errors.js';
import type { ComponentKind, ResolvedStack } from '../model/resolved.js';

export interface ComponentRef {
  /** Resolved name (object name prefix): the stack name plus -<tenant>/-<shard> for stamped copies. */
  name: string;
  kind: ComponentKind;
  /** Infra that runs outside the cluster. */
  external?: boolean;
}

/** Every component of the stack, in apply order. */
export function componentsOf(stack: ResolvedStack): ComponentRef[] {
  const byName = new Map<string, ComponentRef>([
    ...stack.infra.map((i) => [i.name, { name: i.name, kind: 'infra' as const, ...(i.mode === 'external' ? { external: true } : {}) }] as const),
    ...stack.services.map((s) => [s.name, { name: s.name, kind: s.kind }] as const),
  ]);
  return stack.order.map((n) => byName.get(n)).filter((c): c is ComponentRef => c !== undefined);
}

/** The instances `name` (and `tenant`) stand for, in apply order; a usage error when there are none. */
export function findComponent(stack: ResolvedStack, name: string, tenant?: string): ComponentRef[] {
  const services = new Set(stack.services.filter((s) => (s.base === name || s.name === name) && (!tenant || s.tenant === tenant)).map((s) => s.name));
  const infra = tenant ? undefined : stack.infra.find((i) => i.name === name);
  const found = componentsOf(stack).filter((c) => services.has(c.name) || c.name === infra?.name);
  if (found.length) return found;
  const known = [...new Set([...stack.services.map((s) => s.base), ...stack.infra.map((i) => i.name)])].sort();
  if (tenant && known.includes(name)) {
    const tenants = [...new Set(stack.services.filter((s) => s.base === name && s.tenant).map((s) => s.tenant!))];
    throw userError(`"${name}" has no copy for tenant "${tenant}" in ${stack.name}/${stack.environment}`, tenants.length ? suggest(tenant, tenants, 'tenants') : `"${name}" is not stamped per tenant: leave out --tenant`);
  }
  throw userError(`no service or infra "${name}" in ${stack.name}/${stack.environment}`, suggest(name, known, 'components') || undefined);
}
