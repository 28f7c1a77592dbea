/** What the resolve functions share while resolving one environment: inputs, what is built so far, and issues. */
import type { Catalog } from '../catalog/catalog.js';
import type { CatalogContext, CatalogEntry } from '../catalog/contract.js';
import type { Issue } from '../diagnostics/issue.js';
import type { ResolvedInfra } from '../model/resolved.js';
import type { StackSpec } from '../model/stack.js';
import type { ComponentGroup } from '../model/enabled.js';
import type { Resolved, Scope } from './interpolate.js';
import type { Instance } from './stamp.js';
import type { InitFiles } from '../load/init-files.js';

export interface ResolveContext {
  /** The stack as written (for its name and environments). */
  readonly spec: StackSpec;
  /** The stack as this environment sees it, without its disabled components. */
  readonly merged: StackSpec;
  /** Components disabled in this environment (`enabled: false`), so a use of one is explained. */
  readonly disabled: ReadonlyMap<string, ComponentGroup>;
  readonly catalog: CatalogContext;
  /** The entries infra types name. */
  readonly entries: Catalog;
  readonly issues: Issue[];
  /** Infra of a known catalog type, by name, sorted. */
  readonly infra: Map<string, { resolved: ResolvedInfra; entry: CatalogEntry }>;
  /** Every service instance, stamped per tenant and shard. */
  readonly instances: Instance[];
  readonly byBase: Map<string, Instance[]>;
  /** Services stamped into several instances (tenants, shards). */
  readonly stamped: Map<string, Instance[]>;
  /** What `${services.<instance>.*}` names, per instance, built on first use. */
  readonly serviceScopes: Map<Instance, Record<string, Resolved>>;
  /** Init script files load read, by the path written. */
  readonly initFiles?: InitFiles;
  /** env, stack, namespace, vars, infra, services and secrets; set once infra is resolved. */
  globalScope: Scope;
}
