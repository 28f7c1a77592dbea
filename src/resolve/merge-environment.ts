/** Environment overlays: maps merge key by key, lists and scalars replace. */
import type { StackSpec } from '../model/stack.js';

/** Name used when a stack declares no environments. */
export const DEFAULT_ENVIRONMENT = 'default';

export function environmentNames(stack: StackSpec): string[] {
  const names = Object.keys(stack.environments ?? {}).sort();
  return names.length ? names : [DEFAULT_ENVIRONMENT];
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function deepMerge(base: unknown, overlay: unknown): unknown {
  if (overlay === undefined) return base;
  if (!isMap(base) || !isMap(overlay)) return overlay;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(overlay)) out[k] = deepMerge(base[k], v);
  return out;
}

/** The stack as one environment sees it, without the `environments` block. */
export function mergeEnvironment(stack: StackSpec, environment: string): StackSpec {
  const { environments, ...base } = stack;
  const env = environments?.[environment];
  if (!env) return base;
  const { context: _context, services, infra, vars, network, ...scalars } = env;
  return {
    ...base,
    ...scalars,
    ...(vars ? { vars: deepMerge(base.vars ?? {}, vars) as StackSpec['vars'] } : {}),
    ...(services ? { services: deepMerge(base.services ?? {}, services) as StackSpec['services'] } : {}),
    ...(infra ? { infra: deepMerge(base.infra ?? {}, infra) as StackSpec['infra'] } : {}),
    ...(network ? { network: deepMerge(base.network ?? {}, network) as StackSpec['network'] } : {}),
  };
}
