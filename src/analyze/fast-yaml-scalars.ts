/**
 * The scalars and one-line flow collections of fast-yaml.ts: what a value on one line reads as under js-yaml's
 * core schema, or `bail()` when reading it would take more than this subset (js-yaml then reads the text).
 */
import * as jsyaml from 'js-yaml';

export class Unsupported extends Error {}
export const bail = (): never => {
  throw new Unsupported();
};

export const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
export const TRUE = new Set(['true', 'True', 'TRUE']);
export const FALSE = new Set(['false', 'False', 'FALSE']);
const SIMPLE_INT = /^(?:0|-?[1-9][0-9]{0,14})$/;
/** Plain scalars that may be numbers in the core schema: resolved by js-yaml itself (rare in manifests). */
export const NUMBER_LIKE = /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]*)(?:[eE][-+]?[0-9]+)?$|^[-+]?0[box]|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/;
/** What may not start a plain scalar here (indicators and the syntax this reader leaves to js-yaml). */
export const BAD_START = /^[&*!|>%@`?,\]}#'"{[-]/;
const JSON_ESCAPES = /\\(?![\\"/bfnrt]|u[0-9a-fA-F]{4})/;

function plain(s: string): unknown {
  const c = s.charCodeAt(0) | 32;
  // Most values start with a letter that begins no null, boolean or number: only the colon rules apply.
  if (c >= 97 && c <= 122 && c !== 110 && c !== 116 && c !== 102) {
    if (s.includes(': ') || s.charCodeAt(s.length - 1) === 58 || s.includes('\t')) bail();
    return s;
  }
  if (NULLS.has(s)) return null;
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  if (SIMPLE_INT.test(s)) return Number(s);
  if (NUMBER_LIKE.test(s)) return jsyaml.load(s, { schema: jsyaml.CORE_SCHEMA });
  if (BAD_START.test(s) && !(s[0] === '-' && s.length > 1 && s[1] !== ' ')) bail();
  if (s.includes(': ') || s.endsWith(':') || s.includes('\t')) bail();
  return s;
}

/** A quoted scalar starting at `s[0]`; returns its value and the rest of the line. */
export function quoted(s: string): [string, string] {
  if (s[0] === "'") {
    let i = 1;
    for (;;) {
      const j = s.indexOf("'", i);
      if (j < 0) bail();
      if (s[j + 1] === "'") i = j + 2;
      else return [s.slice(1, j).replace(/''/g, "'"), s.slice(j + 1)];
    }
  }
  let j = 1;
  while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
  if (j >= s.length) bail();
  const body = s.slice(0, j + 1);
  if (JSON_ESCAPES.test(body) || /[\t\x00-\x1f]/.test(body)) bail();
  return [JSON.parse(body) as string, s.slice(j + 1)];
}

/** The rest of a line after a value: nothing but spaces and a comment. */
export function endOfValue(rest: string): void {
  const t = rest.trimStart();
  if (t !== '' && !(t[0] === '#' && rest.length > t.length)) bail();
}

/** A one-line flow collection (`{a: 1, b: [x, y]}`), returning the value and the rest of the line. */
export function flow(s: string, i: number): [unknown, number] {
  const close = s[i] === '{' ? '}' : ']';
  const isMap = close === '}';
  const out: unknown = isMap ? {} : [];
  i++;
  const skip = () => {
    while (s[i] === ' ') i++;
  };
  skip();
  if (s[i] === close) return [out, i + 1];
  for (;;) {
    skip();
    let key: string | undefined;
    if (isMap) {
      const m = /^[A-Za-z0-9_./-][^,:{}[\]#]*?(?=:[ ,}\]]|:$)/.exec(s.slice(i));
      if (!m) bail();
      key = m![0];
      if (key.trimEnd() !== key || NUMBER_LIKE.test(key) || NULLS.has(key) || TRUE.has(key) || FALSE.has(key) || key === '__proto__' || key === '<<') bail();
      i += key.length + 1;
      skip();
    }
    let value: unknown;
    const c = s[i];
    if (c === '{' || c === '[') [value, i] = flow(s, i);
    else if (c === '"' || c === "'") {
      const [v, rest] = quoted(s.slice(i));
      value = v;
      i = s.length - rest.length;
    } else {
      const m = /^[^,{}[\]]*/.exec(s.slice(i))!;
      const text = m[0].trimEnd();
      // A colon inside a flow plain scalar is text (an image's tag) unless a space or the end follows it.
      if (text.includes(' #') || /:(?: |$)/.test(text) || (!isMap && text === '')) bail();
      value = plain(text);
      i += m[0].length;
    }
    if (isMap) {
      if (Object.hasOwn(out as object, key!)) bail();
      (out as Record<string, unknown>)[key!] = value;
    } else (out as unknown[]).push(value);
    skip();
    if (s[i] === ',') {
      i++;
      skip();
      if (s[i] === close) bail();
      continue;
    }
    if (s[i] === close) return [out, i + 1];
    bail();
  }
}


/** Keys repeat across thousands of objects: each distinct one is checked once. */
const keyOk = new Map<string, boolean>();

export function checkedKey(key: string): string {
  let ok = keyOk.get(key);
  if (ok === undefined) {
    ok = !(key.trimEnd() !== key || BAD_START.test(key) || NUMBER_LIKE.test(key) || NULLS.has(key) || TRUE.has(key) || FALSE.has(key) || key.includes(' #') || /["'{[#]/.test(key) || key === '__proto__' || key === '<<');
    if (keyOk.size > 100_000) keyOk.clear();
    keyOk.set(key, ok);
  }
  return ok ? key : bail();
}


/** Where `key:` ends in a block map line from column `from` (`:` then a space or the end), or -1. */
export function keyEnd(line: string, from: number): number {
  for (let j = line.indexOf(':', from); j >= 0; j = line.indexOf(':', j + 1)) {
    if (j + 1 === line.length || line.charCodeAt(j + 1) === 32) return j;
  }
  return -1;
}

/** A plain scalar to the end of the line, without its comment. */
export function scalarText(v: string): unknown {
  const hash = v.indexOf(' #');
  return plain((hash >= 0 ? v.slice(0, hash) : v).trimEnd());
}

