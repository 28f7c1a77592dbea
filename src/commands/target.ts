/** What every lifecycle command starts from: the rendered stack, whose objects it owns, and the cluster. */
import type { Catalog } from '../catalog/catalog.js';
import type { ClusterPort } from '../cluster/port.js';
import type { LoadedStack } from '../load/load-stack.js';
import type { Owner } from '../model/ownership.js';
import { renderStack, type RenderOptions, type RenderResult } from './render.js';
import { pickEnvironment, targetCluster } from './environment.js';

/**
 * The outside world a command may touch, injected so a web server or a test can drive the same commands.
 * Every field is optional: the CLI's defaults are the kubeconfig's cluster, the wall clock and no abort.
 */
export interface CommandIO {
  /** The cluster to talk to. @default a ClusterClient for `context` from the kubeconfig */
  client?: ClusterPort;
  /** Aborted on Ctrl-C / SIGTERM (or by a web client): the command stops at the next safe point. */
  signal?: AbortSignal;
  /** The clock. @default () => new Date() */
  now?: () => Date;
  /** The catalog infra types come from. @default builtinCatalog */
  catalog?: Catalog;
}

export interface TargetOptions extends CommandIO {
  environment?: string;
  /** kube context. @default the environment's `context`, else the current context */
  context?: string;
  /** Namespace instead of the environment's. */
  namespace?: string;
  /** One cluster of a multi-cluster environment (required for one; see fan-out.ts for all of them). */
  cluster?: string;
  /** Init scripts to run again although another version ran (`up`): `<infra>/<script>` or `<infra>`. */
  rerunInit?: readonly string[];
}

export interface Target {
  rendered: RenderResult;
  owner: Owner;
  client: ClusterPort;
}

/** The render options of a command's target: its environment, cluster, namespace, catalog and init re-runs. */
export function renderTarget(opts: TargetOptions): RenderOptions {
  return {
    ...(opts.environment ? { environment: opts.environment } : {}),
    ...(opts.namespace ? { namespace: opts.namespace } : {}),
    ...(opts.cluster !== undefined ? { cluster: opts.cluster } : {}),
    ...(opts.rerunInit?.length ? { rerunInit: opts.rerunInit } : {}),
    ...(opts.catalog ? { catalog: opts.catalog } : {}),
  };
}

export async function connectTarget(loaded: LoadedStack, opts: TargetOptions): Promise<Target> {
  const environment = pickEnvironment(loaded.data, opts.environment);
  // A multi-cluster environment is several targets: one of them, never the environment's shared part.
  targetCluster(loaded.data, environment, opts.cluster);
  const rendered = renderStack(loaded, { ...renderTarget(opts), environment });
  const { resolved } = rendered;
  // The Kubernetes client is loaded only when a command really talks to a cluster.
  const client = opts.client ?? (await import('../cluster/client.js')).ClusterClient.connect(opts.context ?? resolved.context);
  return { rendered, owner: { stack: resolved.name, environment: resolved.environment, namespace: resolved.namespace }, client };
}
