/** Stage 1 — load: stack file text → plain data plus a source map of positions. */
import { readFileSync } from 'node:fs';
import * as jsyaml from 'js-yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { SlipwayError, userError } from '../diagnostics/errors.js';
import { fsError } from '../diagnostics/fs-error.js';
import { StackSource } from './source.js';
import { checkText, decodeStack } from './text-check.js';
import { SCHEMA, settleScalars } from './written-text.js';
import { readInitFiles, type InitFiles } from './init-files.js';

export interface LoadedStack {
  /** The stack as written (unvalidated). */
  data: unknown;
  source: StackSource;
  /** Init script files the stack names, read by loadStack (parseStack reads no files: each is then not found). */
  initFiles?: InitFiles;
}

/**
 * An unclosed quote is only noticed at the end of the file; point at the quote that opened it instead:
 * the last line before `end` with an odd number of that quote character.
 */
function openingQuote(text: string, end: number): { line: number; col: number } | undefined {
  const lines = text.slice(0, end).split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    for (const q of ['"', "'"]) {
      const at = [...line].flatMap((c, j) => (c === q && line[j - 1] !== '\\' ? [j] : []));
      if (at.length % 2 === 1) return { line: i + 1, col: at[at.length - 1]! + 1 };
    }
  }
  return undefined;
}

/** Syntax problems, located and explained by the position-keeping parser. */
function syntaxDiagnostics(source: StackSource, fallback: jsyaml.YAMLException): Diagnostic[] {
  const { doc } = source.document();
  const found = [...doc.errors, ...doc.warnings].map((e): Diagnostic => {
    const pos = (e.code === 'MISSING_CHAR' && /quote/.test(e.message) && openingQuote(source.text, e.pos[0])) || source.position(e.pos[0]);
    const duplicate = e.code === 'DUPLICATE_KEY';
    const key = duplicate ? (/^[^\s:]+/.exec(source.text.slice(e.pos[0], e.pos[0] + 256))?.[0] ?? '') : '';
    return {
      code: duplicate ? 'duplicate-key' : 'yaml-syntax',
      message: duplicate ? `duplicate key${key ? ` "${key}"` : ''}: each key may appear once in a map` : `YAML: ${e.message.split('\n')[0]}`,
      hint: duplicate ? 'remove or rename one of the two entries' : 'check indentation and quoting around this position',
      path: '',
      file: source.file,
      line: pos.line,
      col: pos.col,
    };
  });
  if (found.length) return found;
  // The two parsers disagree (rare): report what the data parser said, at its position.
  return [{ code: 'yaml-syntax', message: `YAML: ${fallback.reason}`, hint: 'check indentation and quoting around this position', path: '', file: source.file, line: fallback.mark.line + 1, col: fallback.mark.column + 1 }];
}

/**
 * Parse YAML text into plain data plus its source (for positions). Pure. The data comes from a fast parser with
 * the YAML 1.2 core schema (no timestamps, so `2024-01-01` stays a string); positions are computed only if
 * something needs reporting. `settle` decides what remembered numbers and booleans become.
 */
export function parseYaml(text: string, file: string, settle: (data: unknown) => unknown = settleScalars): LoadedStack {
  checkText(text, file);
  const source = new StackSource(file, text);
  let data: unknown;
  try {
    // YAML 1.2 core types plus `<<` merge keys (anchors shared through x- keys).
    data = jsyaml.load(text, { schema: SCHEMA, filename: file });
  } catch (e) {
    if (e instanceof jsyaml.YAMLException) throw new SlipwayError(syntaxDiagnostics(source, e));
    throw e;
  }
  return { data: settle(data), source };
}

/** Parse stack text (env values and vars keep their written text). Pure. */
export function parseStack(text: string, file: string): LoadedStack {
  const loaded = parseYaml(text, file);
  const data = loaded.data;
  if (data === null || data === undefined || typeof data !== 'object' || Array.isArray(data)) {
    throw new SlipwayError([{ code: 'not-a-map', message: 'a stack file must be a YAML map with at least `name:`', hint: 'start the file with `name: my-stack`', path: '', file, line: 1, col: 1 }]);
  }
  return loaded;
}

/** Read a YAML file's text (UTF-8 checked), with a clear error when it is missing. */
export function readYamlText(file: string, what: string, hint: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw userError(`${what} not found: ${file}`, hint);
    throw fsError(e, file, `read the ${what}`);
  }
  return decodeStack(bytes, file);
}

/** Read and parse a stack file and the init script files it names (the only file reads of the pipeline). */
export function loadStack(file: string): LoadedStack {
  const loaded = parseStack(readYamlText(file, 'stack file', 'pass the path of a stack file, or run in a folder with slipway.yaml'), file);
  return { ...loaded, initFiles: readInitFiles(loaded.data, file) };
}
