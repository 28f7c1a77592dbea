/** Diagnostics for machines: the same records as the text renderer, with the default severity written out. */
import type { Diagnostic } from './diagnostic.js';

export interface JsonReport {
  /** No diagnostic is an error (warnings and notes do not fail a run). */
  ok: boolean;
  diagnostics: Diagnostic[];
}

export function jsonReport(diags: readonly Diagnostic[]): JsonReport {
  const diagnostics = diags.map((d) => ({ ...d, severity: d.severity ?? 'error' }));
  return { ok: !diagnostics.some((d) => d.severity === 'error'), diagnostics };
}

/**
 * `{ ok, diagnostics }` as JSON text. `compact` puts it on one line, for commands whose `-o json` output is a
 * stream of JSON lines (up, rollback, down, logs): a reader then sees the failure as the stream's last line.
 */
export function renderJson(diags: readonly Diagnostic[], opts: { compact?: boolean } = {}): string {
  return `${JSON.stringify(jsonReport(diags), null, opts.compact ? undefined : 2)}\n`;
}
