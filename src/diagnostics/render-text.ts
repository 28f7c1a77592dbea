/** The one place diagnostics become text. */
import { codeFrameColumns } from '@babel/code-frame';
import type { Diagnostic, Severity } from './diagnostic.js';

export interface RenderOptions {
  /** Source text per file, for code frames. */
  sources?: ReadonlyMap<string, string>;
  color?: boolean;
  /** One block per object (else per file), under a header naming it: how lint prints its findings. */
  group?: boolean;
  /** Whether a diagnostic gets a code frame (none for one that points at a secret value). @default all do */
  frame?: (d: Diagnostic) => boolean;
}

const SEVERITY_COLOR: Readonly<Record<Severity, number>> = { error: 31, warning: 33, info: 36 };
const paint = (on: boolean | undefined, code: number, s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

/**
 * Output stays readable and bounded whatever the input: a frame line shows at most this many characters
 * around the column (a minified or generated one-line file would otherwise be printed whole, twice), and a
 * message or hint quoting the input is clipped.
 */
export const FRAME_WIDTH = 120;
const MAX_TEXT = 1000;
/** After this many diagnostics the rest are counted, not printed. */
const MAX_SHOWN = 100;

const clip = (s: string, max = MAX_TEXT): string => (s.length > max ? `${s.slice(0, max)}…` : s);

/** Control characters made visible (U+2400 block), so a frame never sends them to the terminal. */
const visible = (s: string): string =>
  s.replace(/[\x00-\x08\x0B-\x1F\x7F-\x9F]/g, (c) => {
    const n = c.charCodeAt(0);
    return n < 0x20 ? String.fromCharCode(0x2400 + n) : n === 0x7f ? '\u2421' : '\uFFFD';
  });

/** Lines `line-1 … line+1` of `source`, found without splitting the whole text. */
function around(source: string, line: number): { first: number; lines: string[] } {
  const first = Math.max(1, line - 1);
  let start = 0;
  for (let n = 1; n < first; n++) {
    const nl = source.indexOf('\n', start);
    if (nl < 0) return { first, lines: [] };
    start = nl + 1;
  }
  const lines: string[] = [];
  for (let n = first; n <= line + 1 && start <= source.length; n++) {
    const nl = source.indexOf('\n', start);
    lines.push(source.slice(start, nl < 0 ? source.length : nl).replace(/\r$/, ''));
    if (nl < 0) break;
    start = nl + 1;
  }
  return { first, lines };
}

/**
 * The frame's lines cut to one window of FRAME_WIDTH characters around the column (the same window on every
 * line, so they stay aligned), with `…` where text was cut; returns the column within the window.
 */
export function frameWindow(lines: readonly string[], target: number, column: number): { lines: string[]; column: number } {
  const longest = Math.max(0, ...lines.map((l) => l.length));
  if (longest <= FRAME_WIDTH) return { lines: lines.map(visible), column };
  const wanted = lines[target]?.length ?? 0;
  const from = Math.max(0, Math.min(column - 1 - Math.floor(FRAME_WIDTH / 2), wanted - FRAME_WIDTH));
  const to = from + FRAME_WIDTH;
  const cut = lines.map((l) => (from > 0 && l.length > from ? '…' : '') + visible(l.slice(from, to)) + (l.length > to ? '…' : ''));
  return { lines: cut, column: column - from + (from > 0 ? 1 : 0) };
}

function codeFrame(source: string, line: number, col: number, color: boolean): string {
  const { first, lines } = around(source, line);
  if (!lines.length) return '';
  const win = frameWindow(lines, line - first, col);
  // Blank lines in front keep the gutter's line numbers those of the file.
  const text = '\n'.repeat(first - 1) + win.lines.join('\n');
  return codeFrameColumns(text, { start: { line, column: win.column } }, { highlightCode: color, linesAbove: 1, linesBelow: 1 });
}

export function renderDiagnostic(d: Diagnostic, opts: RenderOptions = {}): string {
  // A file without a position that the message already names (filesystem errors) is not repeated in front.
  const where = d.file && (d.line || !d.message.includes(d.file)) ? `${d.file}${d.line ? `:${d.line}:${d.col ?? 1}` : ''}: ` : d.object ? `${d.object}: ` : '';
  const env = d.environment ? ` (in environment "${d.environment}"${d.cluster ? `, cluster "${d.cluster}"` : ''})` : '';
  const severity = d.severity ?? 'error';
  const lines = [`${where}${paint(opts.color, SEVERITY_COLOR[severity], severity)}: ${clip(d.message)}${env} [${d.code}]`];
  const source = d.file ? opts.sources?.get(d.file) : undefined;
  if (source !== undefined && d.line && !d.sensitive && (opts.frame?.(d) ?? true)) {
    const frame = codeFrame(source, d.line, d.col ?? 1, opts.color ?? false);
    if (frame) lines.push(frame);
  }
  if (d.hint) lines.push(`  hint: ${clip(d.hint)}`);
  return lines.join('\n');
}

export function renderDiagnostics(diags: readonly Diagnostic[], opts: RenderOptions = {}): string {
  const shown = diags.slice(0, MAX_SHOWN);
  const more = diags.length - shown.length;
  const body = (opts.group ? renderGroups(shown, opts) : shown.map((d) => renderDiagnostic(d, opts)).join('\n\n')) + (more > 0 ? `\n\n… and ${more} more` : '');
  return `${body}\n\n${summary(diags)}`;
}

/** Blocks in order of each group's first diagnostic; within a block the diagnostics keep their order. */
function renderGroups(diags: readonly Diagnostic[], opts: RenderOptions): string {
  const groups = new Map<string, Diagnostic[]>();
  for (const d of diags) {
    const key = d.object ?? d.file ?? '';
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(d);
  }
  return [...groups]
    .map(([key, list]) => {
      // The header names the object; a finding with no file of its own (a live object) is not prefixed again.
      const body = list.map((d) => renderDiagnostic(d.file ? d : { ...d, object: undefined }, opts).replace(/^/gm, '  ')).join('\n');
      return key ? `${paint(opts.color, 1, key)}\n${body}` : body;
    })
    .join('\n\n');
}

/** `2 errors, 1 warning`: every severity that occurs, most severe first. */
export function summary(diags: readonly Diagnostic[]): string {
  const count = (s: Severity) => diags.filter((d) => (d.severity ?? 'error') === s).length;
  const parts = (['error', 'warning', 'info'] as const).map((s) => [count(s), s === 'info' ? 'note' : s] as const).filter(([n]) => n > 0);
  return parts.length ? parts.map(([n, word]) => `${n} ${word}${n === 1 ? '' : 's'}`).join(', ') : '0 errors';
}
