/**
 * A command row made multi-cluster: on an environment with `clusters:` (and no single --cluster asked for), the
 * row runs once per cluster in parallel, with progress lines tagged by cluster, one block of output per cluster,
 * a summary line, and the worst exit code. On any other environment the row runs exactly as before.
 */
import { userError } from '../diagnostics/errors.js';
import type { ClusterOutcome, FannedOut } from '../commands/fan-out.js';
import { defineCommand, printResult, type CommandSpec, type RawOptions } from './command-table.js';
import { stackAt } from './flags.js';
import type { CliIO } from './io.js';

/** A fanned-out result, told apart from the row's own result (which may be an array or undefined). */
interface Fanned<R> {
  fannedOut: FannedOut<R>;
  exitCode: number;
}

function isFanned<R>(r: unknown): r is Fanned<R> {
  return typeof r === 'object' && r !== null && !Array.isArray(r) && 'fannedOut' in r;
}

/** --cluster values as given (the flag may repeat). */
export function askedClusters(o: RawOptions): string[] {
  const c = o.cluster;
  return Array.isArray(c) ? (c as string[]) : typeof c === 'string' ? [c] : [];
}

async function failureLines(failed: ClusterOutcome<unknown>[], io: CliIO): Promise<void> {
  if (!failed.length) return;
  const { renderDiagnostics } = await import('../diagnostics/render-text.js');
  for (const f of failed) io.err(`${renderDiagnostics(f.failure!.diagnostics, { color: process.stderr.isTTY === true })}\n`);
}

function summary(out: FannedOut<unknown>): string {
  const failed = out.clusters.filter((c) => c.failure);
  const words = out.clusters.map((c) => `${c.cluster} ${c.failure ? `FAILED (exit ${c.failure.exitCode})` : 'ok'}`);
  return `${out.clusters.length} clusters of ${out.environment}: ${words.join(', ')}${failed.length ? ` — ${failed.length} failed, the others ran to their end` : ''}\n`;
}

export function clustered<R>(spec: CommandSpec<R>): CommandSpec {
  return defineCommand<R | Fanned<R>>({
    ...spec,
    async run(o, io) {
      // `diff -e a -e b` compares environments, not clusters.
      const envs = Array.isArray(o.env) ? (o.env as string[]) : typeof o.env === 'string' ? [o.env] : [];
      if (envs.length > 1) return spec.run(o, io);
      const { clustersFor, onEachCluster, worstExit } = await import('../commands/fan-out.js');
      const loaded = await stackAt(o.file);
      const { environment, clusters } = clustersFor(loaded, envs[0], askedClusters(o));
      if (clusters.length <= 1) return spec.run({ ...o, ...(clusters[0] !== undefined ? { cluster: clusters[0] } : {}) }, io);
      if (typeof o.context === 'string') throw userError(`--context names one cluster, and environment "${environment}" has ${clusters.length} here (${clusters.join(', ')}), each with its own context`, `pick one with --cluster ${clusters[0]}`);
      if (io.client) throw userError('an injected cluster client reaches one cluster', `pick one with --cluster ${clusters[0]}`);
      if (o.watch === true) throw userError('--watch follows one cluster', `pick one with --cluster ${clusters[0]}`);
      const fannedOut = await onEachCluster(loaded, environment, clusters, (cluster) => spec.run({ ...o, cluster, fanOut: true }, io));
      if (o.output === 'text') await failureLines(fannedOut.clusters.filter((c) => c.failure), io);
      return { fannedOut, exitCode: worstExit(fannedOut, (x) => spec.exitCode?.(x, o) ?? 0) };
    },
    async text(r, o) {
      if (!isFanned<R>(r)) return spec.text(r, o);
      const blocks: string[] = [];
      for (const c of r.fannedOut.clusters) {
        const body = c.failure ? `failed: ${c.failure.diagnostics[0]?.message ?? 'see above'}\n` : await spec.text(c.result as R, o);
        blocks.push(`── cluster ${c.cluster} (context ${c.context}) ──\n${body}`);
      }
      return `${blocks.join('\n')}\n${summary(r.fannedOut)}`;
    },
    formats: {
      ...Object.fromEntries(Object.entries(spec.formats ?? {}).map(([f, p]) => [f, (r: R | Fanned<R>, o: RawOptions) => (isFanned(r) ? fannedJson(spec, r, o) : p(r, o))])),
      json: (r, o) => (isFanned<R>(r) ? fannedJson(spec, r, o) : printResult(spec as unknown as CommandSpec, r, o)),
    },
    exitCode(r, o) {
      return isFanned<R>(r) ? r.exitCode : (spec.exitCode?.(r, o) ?? 0);
    },
  });
}

/** Every cluster's outcome as JSON: one line each for a JSON-lines command, else one document. */
async function fannedJson<R>(spec: CommandSpec<R>, r: Fanned<R>, o: RawOptions): Promise<string> {
  const entries = r.fannedOut.clusters.map((c) => ({
    cluster: c.cluster,
    context: c.context,
    ...(c.failure ? { ok: false, exitCode: c.failure.exitCode, diagnostics: c.failure.diagnostics } : { ok: true, result: c.result }),
  }));
  if (spec.jsonLines) return entries.map((e) => `${JSON.stringify({ type: 'result', ...e })}\n`).join('');
  return `${JSON.stringify({ environment: r.fannedOut.environment, clusters: entries }, null, 2)}\n`;
}
