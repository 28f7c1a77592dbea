/** `render --format X --out DIR`: every environment (or the ones asked for) rendered, then one emitter's tree. */
import { userError } from '../diagnostics/errors.js';
import { suggest } from '../diagnostics/did-you-mean.js';
import type { GitOpsTarget } from '../emit/formats/contract.js';
import { EMITTERS, emitterOf } from '../emit/formats/index.js';
import type { OutputFile } from '../emit/write-dir.js';
import { buildGraph } from '../graph/build.js';
import type { LoadedStack } from '../load/load-stack.js';
import type { StackSpec } from '../model/stack.js';
import { clusterNames, environmentNames } from '../resolve/merge-environment.js';
import { renderStack, type RenderOptions } from './render.js';

export interface TreeOptions extends Pick<RenderOptions, 'secrets' | 'secretKey' | 'catalog'> {
  format: string;
  /** @default every environment of the stack */
  environments?: readonly string[];
  /** Required with format argocd (commands/gitops-target.ts builds it from the flags). */
  gitops?: GitOpsTarget;
}

/** One entry of a tree: an environment, or one cluster of a multi-cluster environment (named `<env>-<cluster>`). */
export interface TreeTarget {
  name: string;
  environment: string;
  cluster?: string;
}

/** The entries of a tree over these environments, a multi-cluster one expanded into its clusters. */
export function treeTargets(stack: StackSpec, environments: readonly string[]): TreeTarget[] {
  return environments.flatMap((environment) => {
    const clusters = clusterNames(stack, environment);
    return clusters.length ? clusters.map((cluster) => ({ environment, cluster, name: `${environment}-${cluster}` })) : [{ environment, name: environment }];
  });
}

export interface TreeResult {
  format: string;
  /** Entry names (environments, and `<env>-<cluster>` for each cluster of a multi-cluster one). */
  environments: string[];
  targets: TreeTarget[];
  files: Map<string, OutputFile>;
  /** Generated Secrets left out (by name, over all environments). */
  omittedSecrets: string[];
}

export function renderTree(loaded: LoadedStack, opts: TreeOptions): TreeResult {
  const emitter = emitterOf(opts.format);
  if (!emitter) throw userError(`unknown format "${opts.format}"`, suggest(opts.format, EMITTERS.map((e) => e.format), 'formats'));
  const all = environmentNames(loaded.data as StackSpec);
  const environments = opts.environments?.length ? [...opts.environments] : all;
  // A multi-cluster environment is one tree entry per cluster (values-prod-eu-west.yaml, overlays/prod-eu-west).
  const targets = treeTargets(loaded.data as StackSpec, environments);
  const renders = targets.map((t) => {
    const r = renderStack(loaded, {
      environment: t.environment,
      ...(t.cluster !== undefined ? { cluster: t.cluster } : {}),
      ...(opts.secrets ? { secrets: opts.secrets } : {}),
      ...(opts.secretKey ? { secretKey: opts.secretKey } : {}),
      ...(opts.catalog ? { catalog: opts.catalog } : {}),
    });
    const clusterContext = t.cluster !== undefined ? r.resolved.context : undefined;
    return { environment: t.name, ...(clusterContext ? { clusterContext } : {}), namespace: r.resolved.namespace, objects: r.objects, graph: buildGraph(r.resolved), omitted: r.omittedSecrets.map((s) => s.name) };
  });
  if (emitter.format === 'argocd' && !opts.gitops) throw userError('--format argocd needs the Git repository Argo CD reads the tree from', 'add --repo <url>');
  const files = emitter.emit({ stack: String((loaded.data as StackSpec).name), renders, ...(opts.gitops ? { gitops: opts.gitops } : {}) });
  return { format: emitter.format, environments: targets.map((t) => t.name), targets, files, omittedSecrets: [...new Set(renders.flatMap((r) => r.omitted))].sort() };
}
