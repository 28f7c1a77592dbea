/** Environment overlays: maps merge key by key, lists and scalars replace. */
import { shapeSpecs } from '../model/secret-shape.js';
import type { EnvironmentSpec, SecretSpec, StackSpec } from '../model/stack.js';

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

/**
 * The stack as one environment sees it, without the `environments` block; with `cluster`, that cluster's overlay
 * applied on top of the environment's (the same rules: maps merge, lists and scalars replace).
 */
export function mergeEnvironment(stack: StackSpec, environment: string, cluster?: string): StackSpec {
  const { environments, ...base } = stack;
  const env = environments?.[environment];
  if (!env) return base;
  const { context: _context, clusters, ...overlay } = env;
  const merged = applyOverlay(base, overlay);
  const target = cluster === undefined ? undefined : clusters?.[cluster];
  if (!target) return merged;
  const { context: _clusterContext, ...clusterOverlay } = target;
  return applyOverlay(merged, clusterOverlay);
}

/** The clusters an environment is deployed to, sorted; empty for a single-cluster environment. */
export function clusterNames(stack: StackSpec, environment: string): string[] {
  return Object.keys(stack.environments?.[environment]?.clusters ?? {}).sort();
}

type Overlay = Omit<EnvironmentSpec, 'context' | 'clusters'>;

function applyOverlay(base: StackSpec, overlay: Overlay): StackSpec {
  const { services, infra, vars, network, secrets, observability, ...scalars } = overlay;
  return {
    ...base,
    ...scalars,
    ...(secrets ? { secrets: mergeSecrets(base.secrets ?? {}, secrets) } : {}),
    ...(vars ? { vars: deepMerge(base.vars ?? {}, vars) as StackSpec['vars'] } : {}),
    ...(services ? { services: deepMerge(base.services ?? {}, services) as StackSpec['services'] } : {}),
    ...(infra ? { infra: deepMerge(base.infra ?? {}, infra) as StackSpec['infra'] } : {}),
    ...(network ? { network: deepMerge(base.network ?? {}, network) as StackSpec['network'] } : {}),
    ...(observability ? { observability: deepMerge(base.observability ?? {}, observability) as StackSpec['observability'] } : {}),
  };
}

/**
 * An environment's `secrets:` on the base ones. A Secret only the environment names is added. For one both name:
 * a `generate` map merges key by key into the base keys (a base list counts as keys of the default shape), a
 * `generate` list replaces them; `existing: true` makes the Secret one made outside slipway in this environment
 * (its base keys are no longer generated), and a `generate` without `existing` makes it generated again.
 */
export function mergeSecrets(base: Record<string, SecretSpec>, patch: Record<string, SecretSpec>): Record<string, SecretSpec> {
  const out: Record<string, SecretSpec> = { ...base };
  for (const [name, p] of Object.entries(patch)) {
    const b = base[name];
    if (!b) {
      out[name] = p;
      continue;
    }
    const generate = p.generate === undefined ? b.generate : Array.isArray(p.generate) ? p.generate : { ...shapeSpecs(b.generate), ...p.generate };
    const existing = p.existing ?? (p.generate === undefined ? b.existing : undefined);
    out[name] = { ...(generate !== undefined && !(p.existing === true && p.generate === undefined) ? { generate } : {}), ...(existing !== undefined ? { existing } : {}) };
  }
  return out;
}
