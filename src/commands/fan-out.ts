/**
 * A command on a multi-cluster environment runs once per cluster, all at once: each cluster has its own API
 * server, lock and history, so the runs share nothing but the stack. A failure in one cluster is that cluster's
 * result; the others run to their end and every outcome is reported together.
 */
import { ExitCode } from '../diagnostics/errors.js';
import { toFailure, type Failure } from '../diagnostics/failure.js';
import type { LoadedStack } from '../load/load-stack.js';
import type { StackSpec } from '../model/stack.js';
import { clusterNames } from '../resolve/merge-environment.js';
import { checkCluster, pickEnvironment } from './environment.js';

export interface ClusterOutcome<R> {
  cluster: string;
  /** The cluster's kube context from the stack. */
  context: string;
  result?: R;
  /** Why the command failed on this cluster (its diagnostics carry the cluster). */
  failure?: Failure;
}

export interface FannedOut<R> {
  environment: string;
  clusters: ClusterOutcome<R>[];
}

/**
 * The clusters a command acts on: the ones asked for, else every cluster of the environment; empty for an
 * environment deployed to one cluster (the command then runs once, as it always did).
 */
export function clustersFor(loaded: LoadedStack, environment: string | undefined, asked: readonly string[] = []): { environment: string; clusters: string[] } {
  const env = pickEnvironment(loaded.data, environment);
  for (const c of asked) checkCluster(loaded.data, env, c);
  return { environment: env, clusters: asked.length ? [...new Set(asked)].sort() : clusterNames(loaded.data as StackSpec, env) };
}

/** Run `run` on every cluster at once and collect each one's result or failure, in cluster order. */
export async function onEachCluster<R>(loaded: LoadedStack, environment: string, clusters: readonly string[], run: (cluster: string) => Promise<R>): Promise<FannedOut<R>> {
  const contexts = (loaded.data as StackSpec).environments?.[environment]?.clusters ?? {};
  const settled = await Promise.allSettled(clusters.map((c) => run(c)));
  return {
    environment,
    clusters: settled.map((s, i) => {
      const cluster = clusters[i]!;
      const context = contexts[cluster]?.context ?? '';
      if (s.status === 'fulfilled') return { cluster, context, result: s.value };
      const failure = toFailure(s.reason);
      return { cluster, context, failure: { ...failure, diagnostics: failure.diagnostics.map((d) => ({ ...d, cluster })) } };
    }),
  };
}

/**
 * The exit code of a fanned-out run: a failure on any cluster outranks every result (an internal error, a bug,
 * first, then the highest code), else the highest of the results' own codes (e.g. `diff --exit-code`).
 */
export function worstExit<R>(out: FannedOut<R>, codeOf: (r: R) => number = () => ExitCode.ok): number {
  const failed = out.clusters.flatMap((c) => (c.failure ? [c.failure.exitCode] : []));
  if (failed.includes(ExitCode.internal)) return ExitCode.internal;
  if (failed.length) return Math.max(...failed);
  return Math.max(ExitCode.ok, ...out.clusters.map((c) => codeOf(c.result as R)));
}
