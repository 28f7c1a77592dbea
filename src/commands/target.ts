/** What every lifecycle command starts from: the rendered stack, whose objects it owns, and the cluster. */
import { ClusterClient } from '../cluster/client.js';
import type { LoadedStack } from '../load/load-stack.js';
import type { Owner } from '../lifecycle/engine.js';
import { renderStack, type RenderResult } from './render.js';

export interface TargetOptions {
  environment?: string;
  /** kube context. @default the environment's `context`, else the current context */
  context?: string;
  /** Namespace instead of the environment's. */
  namespace?: string;
}

export interface Target {
  rendered: RenderResult;
  owner: Owner;
  client: ClusterClient;
}

export function connectTarget(loaded: LoadedStack, opts: TargetOptions): Target {
  const rendered = renderStack(loaded, { ...(opts.environment ? { environment: opts.environment } : {}), ...(opts.namespace ? { namespace: opts.namespace } : {}) });
  const { resolved } = rendered;
  return {
    rendered,
    owner: { stack: resolved.name, environment: resolved.environment, namespace: resolved.namespace },
    client: ClusterClient.connect(opts.context ?? resolved.context),
  };
}
