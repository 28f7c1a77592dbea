/**
 * `enabled: false`: a component that does not exist in an environment. It is dropped before rules and resolve
 * see the stack, so nothing of it is rendered and `up` prunes what an earlier run applied, like a removed
 * component (data volumes and generated credentials are never pruned).
 */
import type { StackSpec } from './stack.js';

export type ComponentGroup = 'services' | 'infra';

function enabledEntries<T extends { enabled?: boolean }>(map: Record<string, T> | undefined): Record<string, T> | undefined {
  return map && Object.fromEntries(Object.entries(map).filter(([, c]) => c.enabled !== false));
}

/** The stack with its disabled services and infra left out. */
export function enabledOnly(stack: StackSpec): StackSpec {
  const services = enabledEntries(stack.services);
  const infra = enabledEntries(stack.infra);
  return { ...stack, ...(services ? { services } : {}), ...(infra ? { infra } : {}) };
}

/** Disabled component names, with where they are written. */
export function disabledComponents(stack: StackSpec): Map<string, ComponentGroup> {
  const out = new Map<string, ComponentGroup>();
  for (const [name, c] of Object.entries(stack.services ?? {})) if (c.enabled === false) out.set(name, 'services');
  for (const [name, c] of Object.entries(stack.infra ?? {})) if (c.enabled === false) out.set(name, 'infra');
  return out;
}
