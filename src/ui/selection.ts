/**
 * What the page is looking at: the stack file, an environment and (for a multi-cluster environment) one of its
 * clusters. Everything is read anew per request, so an edited stack file shows up on the next reload.
 */
import type { Catalog } from '../catalog/catalog.js';
import type { ClusterPort } from '../cluster/port.js';
import { pickEnvironment } from '../commands/environment.js';
import { renderStack, type RenderResult } from '../commands/render.js';
import { renderTarget, type TargetOptions } from '../commands/target.js';
import { buildGraph } from '../graph/build.js';
import { collapseCopies } from '../graph/collapse.js';
import { loadStack, type LoadedStack } from '../load/load-stack.js';
import type { StackGraph } from '../model/graph.js';
import type { StackSpec } from '../model/stack.js';
import { clusterNames, DEFAULT_ENVIRONMENT, environmentNames } from '../resolve/merge-environment.js';
import type { StackInfo } from './protocol.js';
import { membersOf } from './state.js';

/** How `slipway ui` was started: the defaults every request starts from. */
export interface UiOptions {
  file: string;
  environment?: string;
  cluster?: string;
  context?: string;
  namespace?: string;
  catalog?: Catalog;
  /** The cluster; a test passes its own. @default a ClusterClient for the environment's context */
  client?: ClusterPort;
}

export interface Selected {
  loaded: LoadedStack;
  /** The options of the commands (up, diff, history, logs) for this selection. */
  target: TargetOptions;
  rendered: RenderResult;
  /** The same graph as `slipway graph`: copies collapsed into the component written in the stack. */
  graph: StackGraph;
  members: Map<string, string[]>;
}

function environmentsOf(loaded: LoadedStack): string[] {
  const data = loaded.data as StackSpec;
  return data.environments && typeof data.environments === 'object' ? environmentNames(data) : [DEFAULT_ENVIRONMENT];
}

export function stackInfo(opts: UiOptions): StackInfo {
  const loaded = loadStack(opts.file);
  const environments = environmentsOf(loaded);
  const clusters = Object.fromEntries(environments.map((e) => [e, clusterNames(loaded.data as StackSpec, e)]).filter(([, c]) => c!.length));
  const environment = pickEnvironment(loaded.data, opts.environment ?? (environments.length > 1 ? environments[0] : undefined));
  const cluster = opts.cluster ?? clusters[environment]?.[0];
  return { name: String((loaded.data as { name?: unknown }).name ?? ''), file: opts.file, environments, clusters, environment, ...(cluster !== undefined ? { cluster } : {}) };
}

/** The selection asked for by a request (`env`, `cluster`), else the one the server started with. */
export function select(opts: UiOptions, env: string | null, cluster: string | null): Selected {
  const loaded = loadStack(opts.file);
  const environment = pickEnvironment(loaded.data, env ?? opts.environment ?? environmentsOf(loaded)[0]);
  // A multi-cluster environment shows one cluster at a time, its first unless the page picks another.
  const onCluster = cluster ?? (environment === opts.environment ? opts.cluster : undefined) ?? clusterNames(loaded.data as StackSpec, environment)[0];
  const target: TargetOptions = {
    environment,
    ...(onCluster !== undefined ? { cluster: onCluster } : {}),
    ...(opts.context && environment === opts.environment ? { context: opts.context } : {}),
    ...(opts.namespace ? { namespace: opts.namespace } : {}),
    ...(opts.catalog ? { catalog: opts.catalog } : {}),
    ...(opts.client ? { client: opts.client } : {}),
  };
  const rendered = renderStack(loaded, { ...renderTarget(target), environment });
  const expanded = buildGraph(rendered.resolved);
  return { loaded, target, rendered, graph: collapseCopies(expanded), members: membersOf(expanded) };
}

/** The cluster of a selection, or why there is none (no kubeconfig, unknown context): the page then shows the graph only. */
export async function clientOf(s: Selected): Promise<{ client?: ClusterPort; unreachable?: string }> {
  if (s.target.client) return { client: s.target.client };
  try {
    const { ClusterClient } = await import('../cluster/client.js');
    return { client: ClusterClient.connect(s.target.context ?? s.rendered.resolved.context) };
  } catch (e) {
    return { unreachable: `no cluster: ${(e as Error).message}` };
  }
}
