/**
 * The places in a stack where one kind of field is written, for the rules that check that kind wherever it
 * is: a new place (annotations on another object, placement on another component) is then added once.
 */
import type { CatalogEntry } from '../../catalog/contract.js';
import type { Issue } from '../../diagnostics/issue.js';
import type { InfraSpec, ServiceSpec, StackSpec, UseOptions } from '../../model/stack.js';
import { normalizeUse } from '../../model/uses.js';
import type { SpecContext } from '../rule.js';

type Path = Issue['path'];

export type IngressSpec = NonNullable<ServiceSpec['ingress'] | InfraSpec['ingress']>;

/** Each ingress of the stack: a service's, or an infra entry's (one of its HTTP ports); `stamped` copies vary their hosts. */
export function ingresses(stack: StackSpec): { name: string; path: Path; ingress: IngressSpec; stamped: boolean }[] {
  return [
    ...Object.entries(stack.services ?? {}).flatMap(([name, svc]) => (svc.ingress ? [{ name, path: ['services', name, 'ingress'], ingress: svc.ingress, stamped: Boolean(svc.perTenant || svc.shards) }] : [])),
    ...Object.entries(stack.infra ?? {}).flatMap(([name, spec]) => (spec.ingress ? [{ name, path: ['infra', name, 'ingress'], ingress: spec.ingress, stamped: false }] : [])),
  ];
}

/** Each annotation map of each service: its pod template's and its Ingress's; and each infra entry's Ingress's. */
export function annotationMaps(stack: StackSpec): { name: string; path: Path; map: Readonly<Record<string, string>> }[] {
  return [
    ...Object.entries(stack.services ?? {}).flatMap(([name, svc]) => (svc.annotations ? [{ name, path: ['services', name, 'annotations'], map: svc.annotations }] : [])),
    ...ingresses(stack).flatMap((i) => (i.ingress.annotations ? [{ name: i.name, path: [...i.path, 'annotations'], map: i.ingress.annotations }] : [])),
  ];
}

/** Each infra entry whose type the catalog knows, with its entry (unknown types are resolve's error). */
export function catalogInfra(stack: StackSpec, ctx: SpecContext): { name: string; spec: InfraSpec; entry: CatalogEntry }[] {
  return Object.entries(stack.infra ?? {}).flatMap(([name, spec]) => {
    const entry = ctx.catalog(spec.type);
    return entry ? [{ name, spec, entry }] : [];
  });
}

/** Catalog infra slipway deploys itself (mode internal): the entries whose image, user and replicas it chooses. */
export function internalCatalogInfra(stack: StackSpec, ctx: SpecContext): ReturnType<typeof catalogInfra> {
  return catalogInfra(stack, ctx).filter(({ spec }) => (spec.mode ?? 'internal') === 'internal');
}

export type Placement = NonNullable<ServiceSpec['placement'] | InfraSpec['placement']>;

/** The placement of each service and infra entry that has one. */
export function placements(stack: StackSpec): { name: string; path: Path; placement: Placement }[] {
  const of = (group: 'services' | 'infra', entries: [string, { placement?: Placement }][]) =>
    entries.flatMap(([name, c]) => (c.placement ? [{ name, path: [group, name, 'placement'], placement: c.placement }] : []));
  return [...of('services', Object.entries(stack.services ?? {})), ...of('infra', Object.entries(stack.infra ?? {}))];
}

export interface UseAt {
  service: string;
  /** The entry's place in the list. */
  index: number;
  /** The dependency's name. */
  name: string;
  options: UseOptions;
  /** Where the entry is written: services.<service>.uses[i]. */
  path: Path;
}

/** Every `uses` entry of every service, in its long form. */
export function usesOf(stack: StackSpec): UseAt[] {
  return Object.entries(stack.services ?? {}).flatMap(([service, svc]) =>
    (svc.uses ?? []).map((u, index) => ({ service, index, ...normalizeUse(u), path: ['services', service, 'uses', index] })),
  );
}

/** Each use that asks for its own database of infra the catalog knows, located at `database:`. */
export function ownDatabaseUses(stack: StackSpec, ctx: SpecContext): (UseAt & { database: string; infra: InfraSpec; entry: CatalogEntry })[] {
  return usesOf(stack).flatMap((use) => {
    const infra = stack.infra?.[use.name];
    const entry = infra && ctx.catalog(infra.type);
    const database = use.options.database;
    return database && infra && entry ? [{ ...use, database, infra, entry, path: [...use.path, use.name, 'database'] }] : [];
  });
}
