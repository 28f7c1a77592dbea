/** The one place diagnostics become text. */
import { codeFrameColumns } from '@babel/code-frame';
import type { Diagnostic, Severity } from './diagnostic.js';

export interface RenderOptions {
  /** Source text per file, for code frames. */
  sources?: ReadonlyMap<string, string>;
  color?: boolean;
}

export function renderDiagnostic(d: Diagnostic, opts: RenderOptions = {}): string {
  // A file without a position that the message already names (filesystem errors) is not repeated in front.
  const where = d.file && (d.line || !d.message.includes(d.file)) ? `${d.file}${d.line ? `:${d.line}:${d.col ?? 1}` : ''}: ` : d.object ? `${d.object}: ` : '';
  const env = d.environment ? ` (in environment "${d.environment}")` : '';
  const lines = [`${where}${d.severity ?? 'error'}: ${d.message}${env} [${d.code}]`];
  const source = d.file ? opts.sources?.get(d.file) : undefined;
  if (source !== undefined && d.line) {
    lines.push(codeFrameColumns(source, { start: { line: d.line, column: d.col ?? 1 } }, { highlightCode: opts.color ?? false, linesAbove: 1, linesBelow: 1 }));
  }
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  return lines.join('\n');
}

export function renderDiagnostics(diags: readonly Diagnostic[], opts: RenderOptions = {}): string {
  const body = diags.map((d) => renderDiagnostic(d, opts)).join('\n\n');
  return `${body}\n\n${summary(diags)}`;
}

/** `2 errors, 1 warning`: every severity that occurs, most severe first. */
export function summary(diags: readonly Diagnostic[]): string {
  const count = (s: Severity) => diags.filter((d) => (d.severity ?? 'error') === s).length;
  const parts = (['error', 'warning', 'info'] as const).map((s) => [count(s), s === 'info' ? 'note' : s] as const).filter(([n]) => n > 0);
  return parts.length ? parts.map(([n, word]) => `${n} ${word}${n === 1 ? '' : 's'}`).join(', ') : '0 errors';
}
