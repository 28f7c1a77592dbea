/** `render --format X --out DIR`: every environment (or the ones asked for) rendered, then one emitter's tree. */
import { userError } from '../diagnostics/errors.js';
import { suggest } from '../diagnostics/did-you-mean.js';
import { EMITTERS, emitterOf } from '../emit/formats/index.js';
import type { OutputFile } from '../emit/write-dir.js';
import { buildGraph } from '../graph/build.js';
import type { LoadedStack } from '../load/load-stack.js';
import type { StackSpec } from '../model/stack.js';
import { environmentNames } from '../resolve/merge-environment.js';
import { renderStack, type RenderOptions } from './render.js';

export interface TreeOptions extends Pick<RenderOptions, 'secrets' | 'secretKey' | 'catalog'> {
  format: string;
  /** @default every environment of the stack */
  environments?: readonly string[];
}

export interface TreeResult {
  format: string;
  environments: string[];
  files: Map<string, OutputFile>;
  /** Generated Secrets left out (by name, over all environments). */
  omittedSecrets: string[];
}

export function renderTree(loaded: LoadedStack, opts: TreeOptions): TreeResult {
  const emitter = emitterOf(opts.format);
  if (!emitter) throw userError(`unknown format "${opts.format}"`, suggest(opts.format, EMITTERS.map((e) => e.format), 'formats'));
  const all = environmentNames(loaded.data as StackSpec);
  const environments = opts.environments?.length ? [...opts.environments] : all;
  const renders = environments.map((environment) => {
    const r = renderStack(loaded, { environment, ...(opts.secrets ? { secrets: opts.secrets } : {}), ...(opts.secretKey ? { secretKey: opts.secretKey } : {}), ...(opts.catalog ? { catalog: opts.catalog } : {}) });
    return { environment, namespace: r.resolved.namespace, objects: r.objects, graph: buildGraph(r.resolved), omitted: r.omittedSecrets.map((s) => s.name) };
  });
  const files = emitter.emit({ stack: String((loaded.data as StackSpec).name), renders });
  return { format: emitter.format, environments, files, omittedSecrets: [...new Set(renders.flatMap((r) => r.omitted))].sort() };
}
