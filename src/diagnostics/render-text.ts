/** The one place diagnostics become text. */
import { codeFrameColumns } from '@babel/code-frame';
import type { Diagnostic } from './diagnostic.js';

export interface RenderOptions {
  /** Source text per file, for code frames. */
  sources?: ReadonlyMap<string, string>;
  color?: boolean;
}

export function renderDiagnostic(d: Diagnostic, opts: RenderOptions = {}): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}:${d.col ?? 1}` : ''}: ` : '';
  const env = d.environment ? ` (in environment "${d.environment}")` : '';
  const lines = [`${where}error: ${d.message}${env} [${d.code}]`];
  const source = d.file ? opts.sources?.get(d.file) : undefined;
  if (source !== undefined && d.line) {
    lines.push(codeFrameColumns(source, { start: { line: d.line, column: d.col ?? 1 } }, { highlightCode: opts.color ?? false, linesAbove: 1, linesBelow: 1 }));
  }
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  return lines.join('\n');
}

export function renderDiagnostics(diags: readonly Diagnostic[], opts: RenderOptions = {}): string {
  const body = diags.map((d) => renderDiagnostic(d, opts)).join('\n\n');
  const n = diags.length;
  return `${body}\n\n${n} error${n === 1 ? '' : 's'}`;
}
