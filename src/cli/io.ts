/**
 * The CLI's outside world, injected into every command: where output goes, whether it is a terminal, and the
 * interrupt signal. Failures are written here too, in the one format the user asked for.
 */
import { readFileSync } from 'node:fs';
import type { Catalog } from '../catalog/catalog.js';
import type { ClusterPort } from '../cluster/port.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Failure } from '../diagnostics/failure.js';

export const VERSION = '0.1.0';

export interface CliIO {
  /** Standard output: results, and progress of long runs. */
  out(text: string): void;
  /** Standard error: notes, text diagnostics. */
  err(text: string): void;
  /** Standard output is a terminal (live progress, colours, redraws). */
  tty: boolean;
  /** Aborted on Ctrl-C / SIGTERM; installed on first call, so commands that do not stop cleanly keep the default. */
  interrupt(): AbortSignal;
  /** The cluster; a web server or a test passes its own. @default the kubeconfig's, per command */
  client?: ClusterPort;
  /** The catalog: the built-in entries plus those of `--catalog` modules. @default builtinCatalog */
  catalog?: Catalog;
}

export async function processIO(): Promise<CliIO> {
  let signal: AbortSignal | undefined;
  const { interruptSignal } = await import('./reporter.js');
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    tty: process.stdout.isTTY === true,
    interrupt: () => (signal ??= interruptSignal()),
  };
}

/**
 * A reader that stops early (`slipway render | head -1`) is a normal end, not an error: exit 0 quietly. Any other
 * failure to write the output (a full disk behind `> file`) goes to `onFailure`. Standard error failing is
 * swallowed: there is nowhere left to say so, and the exit code still tells.
 */
export function guardStreams(onFailure: (e: unknown) => void): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' ? process.exit(0) : onFailure(e)));
  process.stderr.on('error', () => undefined);
}

/** Source text of every file the diagnostics point into, for code frames. */
function sourcesOf(diags: readonly Diagnostic[]): Map<string, string> {
  const sources = new Map<string, string>();
  for (const d of diags) {
    if (!d.file || !d.line || sources.has(d.file)) continue;
    try {
      sources.set(d.file, readFileSync(d.file, 'utf8'));
    } catch {
      /* the file is what could not be read; no frame then */
    }
  }
  return sources;
}

/** Write a failure as the user asked for output: SARIF or JSON on stdout, else text on stderr. */
export async function writeFailure(failure: Failure, format: string, io: Pick<CliIO, 'out' | 'err'>, opts: { jsonLines?: boolean; color?: boolean } = {}): Promise<void> {
  const { diagnostics } = failure;
  if (format === 'sarif') {
    const { renderSarif } = await import('../diagnostics/render-sarif.js');
    io.out(renderSarif(diagnostics, { name: 'slipway', version: VERSION }));
  } else if (format === 'json') {
    const { renderJson } = await import('../diagnostics/render-json.js');
    io.out(renderJson(diagnostics, { compact: opts.jsonLines ?? false }));
  } else {
    const { renderDiagnostics } = await import('../diagnostics/render-text.js');
    io.err(`${renderDiagnostics(diagnostics, { sources: sourcesOf(diagnostics), color: opts.color ?? false })}\n`);
  }
  if (failure.debug) io.err(`${failure.debug}\n`);
}
