/** Stage 1 — load: stack file text → plain data plus a source map of positions. */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import type { Diagnostic } from '../errors/diagnostic.js';
import { SlipwayError, userError } from '../errors/slipway-error.js';
import { StackSource } from './source.js';

export interface LoadedStack {
  /** The stack as written (unvalidated). */
  data: unknown;
  source: StackSource;
}

/** Parse stack text. Pure: YAML problems become diagnostics, never exceptions from the parser. */
export function parseStack(text: string, file: string): LoadedStack {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: false });
  const source = new StackSource(file, text, doc, lines);
  const diags: Diagnostic[] = [];
  for (const e of [...doc.errors, ...doc.warnings]) {
    const pos = lines.linePos(e.pos[0]);
    const duplicate = e.code === 'DUPLICATE_KEY';
    diags.push({
      code: duplicate ? 'duplicate-key' : 'yaml-syntax',
      message: duplicate ? 'duplicate key: each key may appear once in a map' : `YAML: ${e.message.split('\n')[0]}`,
      hint: duplicate ? 'remove or rename one of the two entries' : 'check indentation and quoting around this position',
      path: '',
      file,
      line: pos.line,
      col: pos.col,
    });
  }
  if (diags.length) throw new SlipwayError(diags);
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new SlipwayError([{ code: 'not-a-map', message: 'a stack file must be a YAML map with at least `name:`', hint: 'start the file with `name: my-stack`', path: '', file, line: 1, col: 1 }]);
  }
  return { data, source };
}

/** Read and parse a stack file (the only file read of the pipeline). */
export function loadStack(file: string): LoadedStack {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw userError(
      code === 'ENOENT' ? `stack file not found: ${file}` : `cannot read stack file ${file} (${code ?? 'error'})`,
      code === 'ENOENT' ? 'pass the path of a stack file, or run in a folder with slipway.yaml' : undefined,
    );
  }
  return parseStack(text, file);
}
