/** `slipway analyze`: the map of manifests, a chart, a Kustomize folder or a live namespace slipway did not write. */
import { analyzeObjects, type AnalyzeResult } from '../analyze/analyze.js';
import { readCluster } from '../analyze/read-cluster.js';
import { readManifests } from '../analyze/read-manifests.js';
import { existsSync, writeFileSync } from 'node:fs';
import { userError } from '../diagnostics/errors.js';
import { withFs } from '../diagnostics/fs-error.js';
import { collapseCopies } from '../graph/collapse.js';
import type { CommandIO } from './target.js';

export interface AnalyzeOptions extends CommandIO {
  /** Files, folders, charts, Kustomize folders, or `-` for stdin. */
  paths?: readonly string[];
  /** Read the live cluster instead. */
  cluster?: boolean;
  context?: string;
  /** Namespaces to read on the cluster. @default all */
  namespaces?: readonly string[];
  expand?: boolean;
  stdin?: () => string;
  /** Also write a draft stack file here (refused when the file exists: nothing is overwritten). */
  toStack?: string;
  /** Lint the objects too and group the findings as risks (the Markdown report shows them). */
  risks?: boolean;
}

export async function analyzeCommand(opts: AnalyzeOptions): Promise<AnalyzeResult> {
  const paths = opts.paths ?? [];
  if (opts.cluster && paths.length) throw userError('analyze reads either manifests or a cluster, not both', 'drop the paths, or drop --cluster');
  if (!opts.cluster && !paths.length) throw userError('nothing to analyze', 'pass manifest files or folders (a Helm chart, a Kustomize folder, - for stdin), or --cluster');
  let objects;
  if (opts.cluster) {
    const client = opts.client ?? (await import('../cluster/client.js')).ClusterClient.connect(opts.context);
    objects = await readCluster(client, opts.namespaces ?? []);
  } else {
    const stdin = opts.stdin ?? (() => '');
    objects = paths.flatMap((p) => readManifests(p, stdin));
  }
  const result = analyzeObjects(objects, opts.catalog);
  if (opts.risks) result.risks = (await import('../analyze/risks.js')).risksOf(objects);
  if (opts.toStack) {
    const target = opts.toStack;
    if (existsSync(target)) throw userError(`${target} already exists`, 'choose a new file name; analyze never overwrites a stack file');
    const { draftStack } = await import('../analyze/draft-stack.js');
    const text = draftStack(objects, result, opts.catalog);
    withFs(target, 'write', () => writeFileSync(target, text));
  }
  return opts.expand ? result : { ...result, graph: collapseCopies(result.graph) };
}
