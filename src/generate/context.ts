/** What every generator may read besides its component: the stack's identity and cross-component facts. */
import type { Catalog } from '../catalog/catalog.js';
import { builtinCatalog } from '../catalog/builtin.js';
import type { CatalogContext } from '../catalog/contract.js';
import type { ResolvedNetwork } from '../model/network.js';
import type { ResolvedObservability } from '../model/observability.js';
import type { ResolvedInfra, ResolvedStack } from '../model/resolved.js';
import type { Component } from './component.js';
import type { LabelContext } from './labels.js';

export interface GenerateContext extends CatalogContext {
  readonly labels: LabelContext;
  readonly infra: ReadonlyMap<string, ResolvedInfra>;
  /** Object names of Jobs, by component name (they carry a hash of their spec). */
  readonly jobNames: ReadonlyMap<string, string>;
  /** Every deployed component by name, for features that relate components (NetworkPolicies). */
  readonly components: ReadonlyMap<string, Component>;
  /** NetworkPolicy settings, when the environment gets policies. */
  readonly network?: ResolvedNetwork;
  /** The observability block, when the environment has one (its stack features read it). */
  readonly observability?: ResolvedObservability;
  /** The entries behind the infra types (the catalog the stack was resolved with). */
  readonly entries: Catalog;
}

/** `jobNames` and `components` are filled by generate once known: Job names and components need the context. */
export function generateContext(
  stack: ResolvedStack,
  jobNames: ReadonlyMap<string, string>,
  components: ReadonlyMap<string, Component> = new Map(),
  entries: Catalog = builtinCatalog,
): GenerateContext {
  return {
    stack: stack.name,
    environment: stack.environment,
    namespace: stack.namespace,
    profile: stack.profile,
    labels: { stack: stack.name, environment: stack.environment },
    infra: new Map(stack.infra.map((i) => [i.name, i])),
    jobNames,
    components,
    ...(stack.network ? { network: stack.network } : {}),
    ...(stack.observability ? { observability: stack.observability } : {}),
    entries,
  };
}
