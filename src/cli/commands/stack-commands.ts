/** Commands that work on the stack file alone: validate, render and graph. */
import { Option } from 'commander';
import { SlipwayError, userError } from '../../diagnostics/errors.js';
import type { RenderResult } from '../../commands/render.js';
import type { GitOpsFlags } from '../../commands/gitops-target.js';
import type { ValidateCommandResult } from '../../commands/validate.js';
import type { GraphResult } from '../../commands/graph.js';
import type { AnalyzeResult } from '../../analyze/analyze.js';
import type { StackGraph } from '../../model/graph.js';
import { defineCommand, type RawOptions } from '../command-table.js';
import type { LoadedStack } from '../../load/load-stack.js';
import { catalogOf, DEFAULT_FILE, stackAt } from '../flags.js';
import { VERSION } from '../io.js';

const fileArg = { name: 'file', description: 'stack file', default: DEFAULT_FILE };

export const validateCmd = defineCommand<ValidateCommandResult>({
  name: 'validate',
  description: 'check a stack file and report every problem at once',
  args: [fileArg],
  options: [new Option('-e, --env <name>', 'check only this environment (default: all)')],
  output: ['text', 'json', 'sarif'],
  async run(o, io) {
    const { validateCommand } = await import('../../commands/validate.js');
    const result = validateCommand(await stackAt(o.file), o.env as string | undefined, io.catalog);
    if (!result.ok) throw new SlipwayError(result.diagnostics);
    // Warnings and notes do not fail validation; in text they go where errors would.
    if (result.diagnostics.length && o.output === 'text') {
      const { renderDiagnostics } = await import('../../diagnostics/render-text.js');
      io.err(`${renderDiagnostics(result.diagnostics)}\n`);
    }
    return result;
  },
  text: (r, o) => `${String(o.file)}: valid (environments: ${r.environments.map((e) => (r.clusters?.[e] ? `${e} [clusters ${r.clusters[e].join(', ')}]` : e)).join(', ')})\n`,
  formats: { sarif: async (r) => (await import('../../diagnostics/render-sarif.js')).renderSarif(r.diagnostics, { name: 'slipway', version: VERSION }) },
});

export const renderCmd = defineCommand<RenderResult & { out?: string }>({
  name: 'render',
  description: 'render Kubernetes objects for one environment (stdout, or one file per object with --out)',
  args: [fileArg],
  options: [
    new Option('-e, --env <name>', 'environment (required when the stack has several)'),
    new Option('--out <dir>', 'write one file per object into this directory instead of stdout'),
    new Option('-n, --namespace <name>', "render into this namespace instead of the environment's"),
    new Option('--secrets <mode>', 'generated credentials: omit them, or include values derived from .slipway/secret.key').choices(['omit', 'include']).default('omit'),
    new Option('--format <name>', 'write a tree for every environment (or -e) into --out: plain (a folder per environment), kustomize (base + overlays), helm (a chart) or argocd (chart or Kustomize tree + Argo CD ApplicationSet)'),
    new Option('--repo <url>', 'argocd: the Git repository the --out folder is committed to'),
    new Option('--revision <rev>', 'argocd: branch, tag or commit Argo CD follows (default: HEAD)'),
    new Option('--path <dir>', 'argocd: the folder of --out inside the repository (default: --out, when relative)'),
    new Option('--source <kind>', 'argocd: the Applications deploy the Helm chart or the Kustomize overlays (default: helm)'),
    new Option('--layout <kind>', 'argocd: one ApplicationSet over the environments, or an Application per environment (default: applicationset)'),
    new Option('--server <url>', 'argocd: destination cluster API server (default: https://kubernetes.default.svc)'),
    new Option('--argocd-namespace <name>', "argocd: the namespace of Argo CD's Applications (default: argocd)"),
    new Option('--project <name>', 'argocd: Argo CD project (default: default)'),
    new Option('--manual-sync', 'argocd: no automated sync (default: automated, with prune and self-heal)'),
    new Option('--cluster <name>', 'one cluster of a multi-cluster environment (required for one; --format writes every cluster)'),
  ],
  output: ['yaml', 'json'],
  async run(o, io) {
    const { renderStack } = await import('../../commands/render.js');
    const file = String(o.file);
    const loaded = await stackAt(file);
    let secretKey: Uint8Array | undefined;
    if (o.secrets === 'include') {
      const { loadSecretKey } = await import('../../emit/secret-key.js');
      secretKey = loadSecretKey(file);
    }
    if (typeof o.format === 'string') {
      if (typeof o.out !== 'string') throw userError(`--format ${o.format} writes a folder`, 'add --out <dir>');
      if (o.namespace !== undefined) throw userError('--format renders each environment into its own namespace', 'drop -n, or set namespace: per environment in the stack');
      const { renderTree } = await import('../../commands/render-tree.js');
      const { gitopsTarget } = await import('../../commands/gitops-target.js');
      const gitops = gitopsTarget(o.format, o as GitOpsFlags, o.out);
      const tree = renderTree(loaded, { format: o.format, ...(typeof o.env === 'string' ? { environments: [o.env] } : {}), secrets: o.secrets as 'omit' | 'include', ...(secretKey ? { secretKey } : {}), ...(gitops ? { gitops } : {}), ...catalogOf(io) });
      const { writeDirectory } = await import('../../emit/write-dir.js');
      writeDirectory(o.out, tree.files);
      io.err(`wrote ${tree.format} for ${tree.environments.join(', ')} to ${o.out} (${tree.files.size} files)\n`);
      if (tree.omittedSecrets.length) io.err(`note: generated Secret(s) not written (${tree.omittedSecrets.join(', ')}); \`slipway up\` creates them, or add --secrets include\n`);
      return { text: '', omittedSecrets: [] } as unknown as RenderResult;
    }
    const { gitopsTarget } = await import('../../commands/gitops-target.js');
    gitopsTarget('', o as GitOpsFlags, ''); // refuses Argo CD flags without --format argocd
    const format = o.output as 'yaml' | 'json';
    const namespace = o.namespace as string | undefined;
    const cluster = await requiredCluster(loaded, o);
    const result = renderStack(loaded, { environment: o.env as string | undefined, format, secrets: o.secrets as 'omit' | 'include', ...(namespace ? { namespace } : {}), ...(cluster !== undefined ? { cluster } : {}), ...(secretKey ? { secretKey } : {}), ...catalogOf(io) });
    if (typeof o.out === 'string') {
      const { writeDirectory } = await import('../../emit/write-dir.js');
      const files = result.files();
      writeDirectory(o.out, files);
      io.err(`wrote ${files.size} objects to ${o.out}\n`);
    }
    const { privilegedNamespaceNotes } = await import('../../plan/namespace.js');
    for (const line of privilegedNamespaceNotes(result.objects, result.resolved)) io.err(`note: ${line}\n`);
    if (result.omittedSecrets.length) {
      io.err(
        `note: ${result.omittedSecrets.length} generated Secret(s) not rendered (${result.omittedSecrets.map((s) => s.name).join(', ')}); ` +
          '`slipway up` creates them, or render with --secrets include for kubectl apply\n',
      );
    }
    return result;
  },
  // The format was chosen when rendering; with --out the objects are in files and stdout stays empty.
  text: (r, o) => (o.out === undefined ? r.text : ''),
  formats: { json: (r, o) => (o.out === undefined ? r.text : '') },
});

/**
 * The cluster `render` prints: the one asked for, and one must be asked for on a multi-cluster environment, whose
 * clusters each get their own objects (the environment without any cluster's overlay is deployed nowhere).
 */
async function requiredCluster(loaded: LoadedStack, o: RawOptions): Promise<string | undefined> {
  const { pickEnvironment, targetCluster } = await import('../../commands/environment.js');
  return targetCluster(loaded.data, pickEnvironment(loaded.data, o.env as string | undefined), typeof o.cluster === 'string' ? o.cluster : undefined);
}

/** The printers every map command offers, over anything that carries a graph (a stack's or an analysed system's). */
const mapText = async (r: { graph: StackGraph }) => (await import('../../graph/print-text.js')).formatGraph(r.graph);
const MAP_FORMATS = {
  mermaid: async (r: { graph: StackGraph }) => (await import('../../graph/print-mermaid.js')).formatMermaid(r.graph),
  dot: async (r: { graph: StackGraph }) => (await import('../../graph/print-dot.js')).formatDot(r.graph),
  svg: async (r: { graph: StackGraph }) => (await import('../../graph/render-svg.js')).renderSvg(r.graph),
};

export const graphCmd = defineCommand<GraphResult>({
  name: 'graph',
  description: 'draw the stack as a map: components grouped by role and infra family, edges labelled with what they carry',
  args: [fileArg],
  options: [
    new Option('-e, --env <name>', 'environment (required when the stack has several)'),
    new Option('--expand', 'one node per tenant and shard copy instead of one per stack entry'),
  ],
  output: ['text', 'mermaid', 'dot', 'svg', 'json'],
  async run(o, io) {
    const { graphCommand } = await import('../../commands/graph.js');
    return graphCommand(await stackAt(String(o.file)), { environment: o.env as string | undefined, expand: o.expand === true, ...catalogOf(io) });
  },
  text: mapText,
  formats: { ...MAP_FORMATS, json: (r) => `${JSON.stringify(r, null, 2)}\n` },
});

export const analyzeCmd = defineCommand<AnalyzeResult>({
  name: 'analyze',
  description: 'map a system slipway did not write: manifests, a Helm chart, a Kustomize folder, stdin (-) or a live cluster',
  args: [{ name: 'paths', description: 'files, folders, a chart or Kustomize folder, or - for stdin', variadic: true }],
  options: [
    new Option('--cluster', 'read the live cluster instead of files'),
    new Option('--context <name>', 'kube context (default: the current one)'),
    new Option('-n, --namespace <names>', 'namespaces to read on the cluster, comma-separated (default: all)'),
    new Option('--expand', 'one node per tenant and shard copy instead of one per component'),
    new Option('--to-stack <file>', 'also write a draft stack file (with TODOs where a human must decide)'),
  ],
  output: ['text', 'mermaid', 'dot', 'svg', 'markdown', 'json'],
  async run(o, io) {
    const { analyzeCommand } = await import('../../commands/analyze.js');
    const { readFileSync } = await import('node:fs');
    const namespaces = typeof o.namespace === 'string' ? o.namespace.split(',').filter(Boolean) : [];
    return analyzeCommand({
      paths: (o.paths as string[] | undefined) ?? [],
      cluster: o.cluster === true,
      ...(typeof o.context === 'string' ? { context: o.context } : {}),
      namespaces,
      expand: o.expand === true,
      ...(typeof o.toStack === 'string' ? { toStack: o.toStack } : {}),
      risks: o.output === 'markdown' || o.output === 'json',
      stdin: () => readFileSync(0, 'utf8'),
      ...catalogOf(io),
    });
  },
  text: mapText,
  formats: {
    ...MAP_FORMATS,
    markdown: async (r) => (await import('../../analyze/print-report.js')).formatReport(r),
  },
});
