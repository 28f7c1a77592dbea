/**
 * A fast reader for the YAML that tools write: block maps and lists, plain, quoted and literal-block scalars,
 * one-line flow collections — what `slipway render`, `kubectl get -o yaml` and `helm template` emit. Reading a
 * large dump through js-yaml's general parser was most of a lint run; this reads the same documents line by line
 * in about 60% of the CPU time. Anything outside the subset (anchors, tags, folded or multi-line scalars,
 * multi-line flow, tabs, duplicate keys, …) makes it answer `undefined`, and the caller parses with js-yaml,
 * whose values and error messages stay the reference: test/unit/fast-yaml.test.ts holds the two equal.
 */
import { bail, checkedKey, endOfValue, flow, keyEnd, quoted, scalarText, Unsupported } from './fast-yaml-scalars.js';

export interface FastDocuments {
  docs: unknown[];
  /** 1-based line where each document's root node starts, as js-yaml's node listener reports it. */
  starts: number[];
}

/**
 * Each line's indent, or -1 for a blank or comment-only line: computed once, so skipping and comparing lines
 * costs an array read. A tab in the indentation of a content line is js-yaml's to report.
 */
function lineIndents(lines: readonly string[]): Int32Array {
  const out = new Int32Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    let n = 0;
    while (line.charCodeAt(n) === 32) n++;
    const c = line.charCodeAt(n);
    if (c === 9) {
      out[i] = line.trim() === '' || line.trim()[0] === '#' ? -1 : bail();
      continue;
    }
    out[i] = Number.isNaN(c) || c === 35 ? -1 : n;
  }
  return out;
}

const isDash = (line: string, n: number) => line.charCodeAt(n) === 45 && (line.length === n + 1 || line.charCodeAt(n + 1) === 32);

class DocumentReader {
  i: number;
  constructor(
    private readonly lines: string[],
    /** Indents (lib: lineIndents); a compact list item's content gets its column here instead of the dash's. */
    private readonly indents: Int32Array,
    start: number,
    private readonly end: number,
  ) {
    this.i = start;
  }

  /** The next line with content (comments and blank lines skipped), or -1. */
  next(): number {
    while (this.i < this.end && this.indents[this.i]! < 0) this.i++;
    return this.i < this.end ? this.i : -1;
  }

  node(minIndent: number): unknown {
    const at = this.next();
    if (at < 0) return null;
    const line = this.lines[at]!;
    const n = this.indents[at]!;
    if (n < minIndent) return null;
    if (isDash(line, n)) return this.seq(n);
    const c = line[n];
    if (c === '{' || c === '[') {
      const [v, j] = flow(line, n);
      endOfValue(line.slice(j));
      this.i++;
      return v;
    }
    return this.map(n);
  }

  /** The next line of the block at indent `n`, or -1 where the block ends; a deeper line there is not the subset's. */
  private lineAt(n: number): number {
    const at = this.next();
    if (at < 0 || this.indents[at]! < n) return -1;
    if (this.indents[at]! > n) bail();
    return at;
  }

  seq(n: number): unknown[] {
    const out: unknown[] = [];
    for (;;) {
      const at = this.lineAt(n);
      if (at < 0) return out;
      const line = this.lines[at]!;
      if (!isDash(line, n)) return out;
      let col = n + 1;
      while (line.charCodeAt(col) === 32) col++;
      if (col >= line.length || line.charCodeAt(col) === 35) {
        this.i++;
        out.push(this.child(n));
      } else {
        // A compact nested map or list: read as if written on its own line at the item's column.
        this.indents[at] = col;
        out.push(this.inline(n, col, line));
      }
    }
  }

  /** A value that starts on the current line at column `col` (the content of a list item at indent `n`). */
  inline(n: number, col: number, line: string): unknown {
    const c = line[col];
    if (c === '|') {
      this.i++;
      return this.literal(n, line.slice(col));
    }
    if (isDash(line, col)) return this.seq(col);
    if (c === '{' || c === '[') {
      const [v, j] = flow(line, col);
      endOfValue(line.slice(j));
      this.i++;
      this.noContinuation(n);
      return v;
    }
    if (c === '"' || c === "'") {
      const [v, rest] = quoted(line.slice(col));
      if (/^\s*:(\s|$)/.test(rest)) return this.map(col);
      endOfValue(rest);
      this.i++;
      this.noContinuation(n);
      return v;
    }
    if (keyEnd(line, col) >= 0) return this.map(col);
    this.i++;
    this.noContinuation(n);
    return scalarText(line.slice(col));
  }

  /** The value under a key or dash with nothing after it: a deeper block, a list at the same indent, or null. */
  child(n: number, underKey = false): unknown {
    const at = this.next();
    if (at < 0) return null;
    const ind = this.indents[at]!;
    if (ind > n) return this.node(ind);
    if (underKey && ind === n && isDash(this.lines[at]!, n)) return this.seq(n);
    return null;
  }

  /** After a one-line scalar: a more-indented line would continue it (a multi-line plain scalar). */
  noContinuation(n: number): void {
    const at = this.next();
    if (at >= 0 && this.indents[at]! > n) bail();
  }

  map(n: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (;;) {
      const at = this.lineAt(n);
      if (at < 0) return out;
      const line = this.lines[at]!;
      if (isDash(line, n)) return out;
      let key: string;
      let rest: string;
      const c = line[n];
      if (c === '"' || c === "'") {
        const [k, after] = quoted(line.slice(n));
        const m = /^\s*:(?=\s|$)/.exec(after);
        if (!m) bail();
        key = k;
        rest = after.slice(m![0].length);
        if (key === '__proto__' || key === '<<') bail();
      } else {
        const e = keyEnd(line, n);
        if (e < 0) bail();
        key = checkedKey(line.slice(n, e));
        rest = line.slice(e + 1);
      }
      if (Object.hasOwn(out, key)) bail();
      this.i = at + 1;
      out[key] = this.value(n, rest);
    }
  }

  /** The value after `key:` on a line of a map at indent `n`. */
  value(n: number, rest: string): unknown {
    if (rest === '') return this.child(n, true);
    if (rest.charCodeAt(0) !== 32) bail();
    let k = 1;
    while (rest.charCodeAt(k) === 32) k++;
    if (k === rest.length || rest.charCodeAt(k) === 35) return this.child(n, true);
    const c = rest[k];
    if (c === '|') return this.literal(n, rest.slice(k));
    if (c === '{' || c === '[') {
      const [val, j] = flow(rest, k);
      endOfValue(rest.slice(j));
      this.noContinuation(n);
      return val;
    }
    if (c === '"' || c === "'") {
      const [val, after] = quoted(rest.slice(k));
      endOfValue(after);
      this.noContinuation(n);
      return val;
    }
    this.noContinuation(n);
    return scalarText(k === 1 ? rest.slice(1) : rest.slice(k));
  }

  /** A literal block scalar (`|`, `|-`, `|+`, with an optional indentation digit); folded ones go to js-yaml. */
  literal(n: number, header: string): string {
    const m = /^\|([1-9])?([-+])?([1-9])?(?:\s+#.*|\s*)$/.exec(header);
    if (!m || (m[1] && m[3])) bail();
    const explicit = Number(m![1] ?? m![3] ?? 0);
    const chomp = m![2] ?? '';
    const body: string[] = [];
    let indent = explicit ? n + explicit : -1;
    let maxBlankIndent = 0;
    while (this.i < this.end) {
      const line = this.lines[this.i]!;
      if (line.trim() === '') {
        if (line.includes('\t')) bail();
        maxBlankIndent = Math.max(maxBlankIndent, line.length);
        body.push(line);
        this.i++;
        continue;
      }
      let ind = 0;
      while (line.charCodeAt(ind) === 32) ind++;
      if (indent < 0) {
        if (ind <= n) break;
        if (maxBlankIndent > ind || line[ind] === '\t') bail();
        indent = ind;
      }
      if (ind < indent) break;
      body.push(line);
      this.i++;
    }
    // Trailing blank lines belong to the block only for chomping; lines past them are the map's again.
    let last = body.length;
    while (last > 0 && body[last - 1]!.trim() === '') last--;
    if (indent < 0) return chomp === '+' ? bail() : '';
    const text = body.slice(0, last).map((l) => (l.length > indent ? l.slice(indent) : '')).join('\n');
    const trailing = body.length - last;
    if (chomp === '-') return text;
    if (chomp === '+') {
      if (trailing && this.i >= this.end) bail();
      return `${text}\n${'\n'.repeat(trailing)}`;
    }
    return `${text}\n`;
  }
}

const SEPARATOR = /^---(?:\s*)$/;

/** Every document of `text`, or undefined when some part is outside the subset this reader takes. */
export function fastLoadAll(text: string): FastDocuments | undefined {
  if (text.includes('\r') || text.charCodeAt(0) === 0xfeff) return undefined;
  const lines = text.split('\n');
  const docs: unknown[] = [];
  const starts: number[] = [];
  try {
    // Lines before the first separator form a document only if something other than comments is there.
    const seps: number[] = [];
    for (let i = 0; i < lines.length; i++) {
      const c = lines[i]!.charCodeAt(0);
      // Directives, document ends and content after a separator are js-yaml's.
      if (c === 37) return undefined;
      if ((c === 45 || c === 46) && /^(?:\.\.\.|---)/.test(lines[i]!)) {
        if (!SEPARATOR.test(lines[i]!)) return undefined;
        seps.push(i);
      }
    }
    const indents = lineIndents(lines);
    const bounds: [number, number][] = [];
    let from = 0;
    seps.forEach((s, k) => {
      if (k > 0 || indents.subarray(0, s).some((n) => n >= 0)) bounds.push([from, s]);
      from = s + 1;
    });
    // A stream ending in a separator without a newline: js-yaml's reading of that is left to js-yaml.
    if (seps.length && from === lines.length) return undefined;
    // js-yaml reads a document from any stream longer than its final newline, even one of comments alone (null).
    if (seps.length || (text !== '' && text !== '\n')) bounds.push([from, lines.length]);
    for (const [start, end] of bounds) {
      const reader = new DocumentReader(lines, indents, start, end);
      const first = reader.next();
      if (first < 0) {
        docs.push(null);
        starts.push(end < lines.length ? end + 1 : lines.length);
        continue;
      }
      if (indents[first] !== 0) return undefined;
      starts.push(first + 1);
      docs.push(reader.node(0));
      if (reader.next() >= 0) return undefined;
    }
    return { docs, starts };
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}
