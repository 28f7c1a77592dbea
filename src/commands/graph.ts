/** `slipway graph`: the stack's components and their uses for one environment, as a map. */
import { SlipwayError } from '../diagnostics/errors.js';
import { buildGraph } from '../graph/build.js';
import { collapseCopies } from '../graph/collapse.js';
import type { LoadedStack } from '../load/load-stack.js';
import type { StackGraph } from '../model/graph.js';
import { validateStack } from '../validate/validate.js';
import type { Catalog } from '../catalog/catalog.js';
import { pickEnvironment } from './environment.js';

export interface GraphOptions {
  environment?: string;
  /** Show every tenant and shard copy instead of one node per stack entry. */
  expand?: boolean;
  /** @default builtinCatalog */
  catalog?: Catalog;
}

export interface GraphResult {
  environment: string;
  graph: StackGraph;
}

export function graphCommand(loaded: LoadedStack, opts: GraphOptions = {}): GraphResult {
  const environment = pickEnvironment(loaded.data, opts.environment);
  const validation = validateStack(loaded, { environments: [environment], ...(opts.catalog ? { catalog: opts.catalog } : {}) });
  const resolved = validation.resolved?.get(environment);
  if (!resolved) throw new SlipwayError(validation.diagnostics);
  const graph = buildGraph(resolved);
  return { environment, graph: opts.expand ? graph : collapseCopies(graph) };
}
