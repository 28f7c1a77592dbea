/**
 * What the page is looking at: the stack file, an environment and (for a multi-cluster environment) one of its
 * clusters. Everything is read anew per request, so an edited stack file shows up on the next reload.
 */
import type { ClusterPort } from '../cluster/port.js';
import { checkCluster, pickEnvironment } from '../commands/environment.js';
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

/**
 * How `slipway ui` was started: the defaults every request starts from. After startingPoint(), `environment` is
 * always set and `cluster` is set for a multi-cluster environment; `context` belongs to that environment.
 */
export type UiOptions = TargetOptions & { file: string };

/** What a request is about: the stack as loaded now, and the options of the commands (up, diff, history, logs). */
export interface Targeted {
  loaded: LoadedStack;
  target: TargetOptions;
}

/** A target rendered, for the requests that show objects or the graph (graph, live, component, diff). */
export interface Selected extends Targeted {
  rendered: RenderResult;
  /** The same graph as `slipway graph`: copies collapsed into the component written in the stack. */
  graph: StackGraph;
  members: Map<string, string[]>;
}

function environmentsOf(loaded: LoadedStack): string[] {
  const data = loaded.data as StackSpec;
  return data.environments && typeof data.environments === 'object' ? environmentNames(data) : [DEFAULT_ENVIRONMENT];
}

/**
 * The one place the page's defaults are decided, once at start: the environment asked for, else the one --cluster
 * belongs to, else the stack's first; the cluster asked for (checked), else that environment's first. The stack is
 * loaded and rendered once, so a bad stack file, environment or cluster fails here, with its diagnostics, before
 * anything listens.
 */
export function startingPoint(asked: UiOptions): { opts: UiOptions; info: StackInfo } {
  const loaded = loadStack(asked.file);
  const environments = environmentsOf(loaded);
  // --cluster alone picks the environment it belongs to.
  const withCluster = asked.cluster !== undefined ? environments.find((e) => clusterNames(loaded.data as StackSpec, e).includes(asked.cluster!)) : undefined;
  const environment = pickEnvironment(loaded.data, asked.environment ?? withCluster ?? environments[0]);
  const cluster = checkCluster(loaded.data, environment, asked.cluster) ?? clusterNames(loaded.data as StackSpec, environment)[0];
  const opts: UiOptions = { ...asked, environment, ...(cluster !== undefined ? { cluster } : {}) };
  rendered(targetIn(loaded, opts, null, null));
  return { opts, info: infoOf(loaded, opts) };
}

function infoOf(loaded: LoadedStack, opts: UiOptions): StackInfo {
  const environments = environmentsOf(loaded);
  const clusters = Object.fromEntries(environments.map((e) => [e, clusterNames(loaded.data as StackSpec, e)]).filter(([, c]) => c!.length));
  return { name: String((loaded.data as { name?: unknown }).name ?? ''), file: opts.file, environments, clusters, environment: opts.environment!, ...(opts.cluster !== undefined ? { cluster: opts.cluster } : {}) };
}

/** The stack's environments and clusters as the file says now, and the server's starting point. */
export function stackInfo(opts: UiOptions): StackInfo {
  return infoOf(loadStack(opts.file), opts);
}

/**
 * The target asked for by a request (`env`, `cluster`), else the one the server started with. Cheap: loads the
 * stack, renders nothing. Another environment gets its first cluster; --context belongs to the starting one.
 */
export function targetOf(opts: UiOptions, env: string | null, cluster: string | null): Targeted {
  return targetIn(loadStack(opts.file), opts, env, cluster);
}

function targetIn(loaded: LoadedStack, opts: UiOptions, env: string | null, cluster: string | null): Targeted {
  const environment = pickEnvironment(loaded.data, env ?? opts.environment);
  const starting = environment === opts.environment;
  const onCluster = cluster ?? (starting ? opts.cluster : clusterNames(loaded.data as StackSpec, environment)[0]);
  const target: TargetOptions = {
    environment,
    ...(onCluster !== undefined ? { cluster: onCluster } : {}),
    ...(opts.context && starting ? { context: opts.context } : {}),
    ...(opts.namespace ? { namespace: opts.namespace } : {}),
    ...(opts.catalog ? { catalog: opts.catalog } : {}),
    ...(opts.client ? { client: opts.client } : {}),
  };
  return { loaded, target };
}

/** Render a target and build its graph: only for the requests that show them. */
export function rendered(t: Targeted): Selected {
  const r = renderStack(t.loaded, { ...renderTarget(t.target), environment: t.target.environment! });
  const expanded = buildGraph(r.resolved);
  return { ...t, rendered: r, graph: collapseCopies(expanded), members: membersOf(expanded) };
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
