/** Infra: each entry's catalog defaults and external settings, and the connection it offers its users. */
import type { CatalogEntry } from '../catalog/contract.js';
import { suggest } from '../diagnostics/did-you-mean.js';
import { infraDatabase, infraReplicas, infraUser } from '../model/infra-defaults.js';
import type { Connection, ResolvedInfra } from '../model/resolved.js';
import type { InfraSpec } from '../model/stack.js';
import { normalizeUse } from '../model/uses.js';
import { infraPull } from '../model/image-pull.js';
import type { ResolveContext } from './context.js';
import { PROFILES } from '../model/profiles.js';
import { disruptionOf, placement, resources } from './resources.js';
import { evictable, type Budget } from '../model/disruption.js';
import { resolveInit } from './init-scripts.js';
import { infraConfigIssues } from './infra-config.js';

/** Resolve every infra entry of a known type into ctx.infra; an unknown type is reported and left out. */
export function resolveInfra(ctx: ResolveContext): void {
  const databases = new Map<string, Set<string>>();
  for (const inst of ctx.instances) {
    for (const u of inst.spec.uses ?? []) {
      const { name, options } = normalizeUse(u);
      if (options.database) databases.set(name, (databases.get(name) ?? new Set()).add(options.database));
    }
  }
  for (const [name, spec] of Object.entries(ctx.merged.infra ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const entry = ctx.entries.entry(spec.type);
    if (!entry) {
      const near = suggest(spec.type, ctx.entries.types(), 'catalog types');
      ctx.issues.push({
        code: 'unknown-infra-type',
        message: `unknown infra type "${spec.type}"`,
        // No near miss: the type may be a third-party entry that this run was not given.
        hint: near.startsWith('did you mean') ? near : `${near}; an entry from elsewhere is added with --catalog <module> (docs/catalog-kit.md)`,
        path: ['infra', name, 'type'],
      });
      continue;
    }
    if (entry.internalOnly && spec.mode === 'external') {
      ctx.issues.push({ code: 'internal-only', message: `${spec.type} cannot be external: ${entry.internalOnly}`, hint: 'remove mode: external (and external:); slipway runs it', path: ['infra', name, 'mode'] });
      continue;
    }
    const resolved = infraOf(ctx, name, spec, entry, [...(databases.get(name) ?? [])].sort());
    ctx.issues.push(...infraConfigIssues(entry, resolved, ctx.catalog));
    ctx.infra.set(name, { entry, resolved });
  }
  checkDependencies(ctx);
}

/**
 * Every infra entry another one connects to exists in this environment with the type it needs; the one that
 * connects gets the dependency's connection (resolved.dependencies), so it never rebuilds the dependency's names.
 */
function checkDependencies(ctx: ResolveContext): void {
  for (const [name, { entry, resolved }] of ctx.infra) {
    if (resolved.mode !== 'internal') continue;
    const dependencies: Record<string, Connection> = {};
    for (const dep of entry.dependsOn?.(resolved) ?? []) {
      const found = ctx.infra.get(dep.name);
      if (found?.entry.type === dep.type) {
        dependencies[dep.name] = found.entry.connection(found.resolved, ctx.catalog);
        continue;
      }
      const others = [...ctx.infra.entries()].filter(([, i]) => i.entry.type === dep.type).map(([n]) => n);
      ctx.issues.push({
        code: 'infra-dependency',
        message: found ? `"${dep.name}" is a ${found.entry.type}, not a ${dep.type}` : `no infra entry "${dep.name}" in this stack`,
        hint: others.length ? `${dep.type} entries here: ${others.sort().join(', ')}` : `add one, e.g. infra: {${dep.name}: {type: ${dep.type}}}`,
        path: ['infra', name, ...dep.path],
      });
    }
    if (Object.keys(dependencies).length) ctx.infra.set(name, { entry, resolved: { ...resolved, dependencies } });
  }
}

function infraOf(ctx: ResolveContext, name: string, spec: InfraSpec, entry: CatalogEntry, databases: string[]): ResolvedInfra {
  const profile = PROFILES[ctx.catalog.profile];
  const database = infraDatabase(spec, ctx.spec.name);
  const own = entry.supportsDatabases ? databases : [];
  const init = resolveInit({ name, spec, entry, database, databases: own, files: ctx.initFiles, issues: ctx.issues });
  const version = spec.version ?? entry.defaultVersion;
  const replicas = infraReplicas(spec, ctx.catalog.profile, entry.productionReplicas);
  return {
    name,
    type: entry.type,
    mode: spec.mode ?? 'internal',
    image: spec.image ?? `${entry.image}:${version}`,
    version,
    pull: infraPull(spec, ctx.merged.pullSecrets, ctx.catalog.profile),
    replicas,
    storage: spec.storage === undefined ? profile.storage : String(spec.storage),
    ...(spec.storageClass ? { storageClass: spec.storageClass } : {}),
    resources: resources(spec.resources, entry.resources ?? profile.infraResources),
    placement: placement(spec.placement),
    ...quorumDisruption(ctx, name, spec, entry, replicas),
    database,
    user: infraUser(spec, ctx.spec.name),
    ...(spec.external ? { external: spec.external } : {}),
    ...(spec.options ? { options: spec.options } : {}),
    databases: own,
    ...(init?.length ? { init } : {}),
    ...(spec.timeout ? { timeout: spec.timeout } : {}),
    // Values are taken as written: numbers and booleans as their YAML text.
    ...(spec.env && Object.keys(spec.env).length ? { env: Object.fromEntries(Object.entries(spec.env).map(([k, v]) => [k, String(v)])) } : {}),
    ...(spec.args?.length ? { args: [...spec.args] } : {}),
    ...(spec.files && Object.keys(spec.files).length ? { files: { ...spec.files } } : {}),
  };
}

/**
 * Budget and spread: a quorum of 3 or more always gets one pod at a time and spread (unless the stack turns them
 * off), since losing two members at once loses the quorum; other entries follow the profile.
 */
function quorumDisruption(ctx: ResolveContext, name: string, spec: InfraSpec, entry: CatalogEntry, replicas: number): { disruption?: Budget; spread: boolean } {
  const quorum = entry.quorum === true && replicas >= 3 && (spec.mode ?? 'internal') === 'internal';
  const chosen = disruptionOf({ ...spec, ...(quorum && spec.disruption === undefined ? { disruption: {} } : {}), ...(quorum && spec.spread === undefined ? { spread: true } : {}) }, ctx.catalog.profile);
  if (quorum && chosen.disruption && evictable(chosen.disruption, replicas) > 1) {
    ctx.issues.push({
      code: 'quorum-budget',
      message: `a budget that lets ${evictable(chosen.disruption, replicas)} of ${replicas} ${entry.type} pods go at once can take a majority of the quorum`,
      hint: 'use maxUnavailable: 1 (the default), or disruption: false to turn the budget off',
      path: ['infra', name, 'disruption'],
    });
  }
  return chosen;
}

/** The connection one user gets to infra `name` (with its own database, if it asked for one). */
export function connectionTo(ctx: ResolveContext, name: string, database?: string): Connection | undefined {
  const found = ctx.infra.get(name);
  return found?.entry.connection(found.resolved, ctx.catalog, database);
}
