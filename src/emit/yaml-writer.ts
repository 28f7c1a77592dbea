/**
 * A block-style YAML writer for plain data (maps, lists, strings, numbers, booleans, null) — the shape of every
 * Kubernetes object. General YAML libraries build a node tree per value; for large renders that dominated the
 * run time (bench/results), so this writes text directly. Quoting is conservative: a string is written plain
 * only when no YAML 1.1 or 1.2 parser could read it as anything but that string (Kubernetes parses YAML 1.1
 * style, where `yes`, `on` and `0755` are not strings). test/unit/yaml-writer.test.ts round-trips random data
 * through both YAML versions.
 */

const SPECIAL_WORDS = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|=|<<|-|\?|:)$/;
/** The number and date patterns of YAML 1.1 (which Kubernetes' parser follows) and the YAML 1.2 core schema. */
const NUMERIC_LIKE = [
  /^[-+]?0b[0-1_]+$/,
  /^[-+]?0[0-7_]+$/,
  /^[-+]?(?:0|[1-9][0-9_]*)$/,
  /^[-+]?0x[0-9a-fA-F_]+$/,
  /^[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+$/,
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9.]*(?:[eE][-+][0-9]+)?$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
  /^[-+]?\.(?:inf|Inf|INF)$/,
  /^\.(?:nan|NaN|NAN)$/,
  /^[-+]?[0-9]+$/,
  /^0o[0-7]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/,
  /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
  /^\d{4}-\d\d?-\d\d?/,
];
const PLAIN_START = /^[A-Za-z0-9_./$(^=+]/;
const PRINTABLE = /^[\x20-\x7e]*$/;
const BLOCK_SAFE = /^[\x20-\x7e\n]*$/;

function isPlain(s: string): boolean {
  return (
    s.length > 0 &&
    PRINTABLE.test(s) &&
    PLAIN_START.test(s) &&
    s.trim() === s &&
    !s.includes(': ') &&
    !s.includes(' #') &&
    !s.endsWith(':') &&
    !SPECIAL_WORDS.test(s) &&
    !NUMERIC_LIKE.some((re) => re.test(s))
  );
}

function quoted(s: string): string {
  if (PRINTABLE.test(s)) return `'${s.replace(/'/g, "''")}'`;
  // JSON string escapes are valid YAML double-quoted escapes.
  return JSON.stringify(s);
}

/** Keys and label values repeat across thousands of objects: remember how each string is written. */
const written = new Map<string, string>();

export function scalar(s: string): string {
  let out = written.get(s);
  if (out === undefined) {
    out = isPlain(s) ? s : quoted(s);
    if (written.size > 200_000) written.clear();
    written.set(s, out);
  }
  return out;
}

/** A multi-line string as a literal block (`|`), keeping it readable; or quoted when that cannot hold it. */
function block(s: string, indent: string): string | undefined {
  if (!s.includes('\n') || !BLOCK_SAFE.test(s)) return undefined;
  const body = s.endsWith('\n') ? s.slice(0, -1) : s;
  const trailing = s.endsWith('\n\n') || (s.endsWith('\n') && body.endsWith('\n'));
  // Keep-chomping (`|+`) and all-blank blocks are easy to get wrong; quoting holds them exactly.
  if (trailing || !/\S/.test(body)) return undefined;
  const chomp = s.endsWith('\n') ? '' : '-';
  const indicator = s.startsWith(' ') || s.startsWith('\n') ? '2' : '';
  const lines = body.split('\n').map((l) => (l.length ? `${indent}  ${l}` : ''));
  return `|${indicator}${chomp}\n${lines.join('\n')}`;
}

function leaf(v: unknown): string | undefined {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? '.nan' : v > 0 ? '.inf' : '-.inf';
  if (Array.isArray(v)) return v.length ? undefined : '[]';
  if (typeof v === 'object') return Object.keys(v).length ? undefined : '{}';
  return undefined;
}

type KeyOrder = (a: string, b: string) => number;

function write(v: unknown, indent: string, order: KeyOrder, out: string[]): void {
  if (Array.isArray(v)) {
    for (const item of v) {
      const simple = leaf(item);
      if (simple !== undefined) out.push(`${indent}- ${simple}`);
      else if (typeof item === 'string') out.push(`${indent}- ${block(item, indent) ?? scalar(item)}`);
      else {
        // Write the item one level deeper, then put the dash where its first line's indentation was.
        const start = out.length;
        write(item, `${indent}  `, order, out);
        out[start] = `${indent}- ${out[start]!.slice(indent.length + 2)}`;
      }
    }
    return;
  }
  const obj = v as Record<string, unknown>;
  for (const key of Object.keys(obj).sort(order)) {
    const value = obj[key];
    if (value === undefined) continue;
    const k = scalar(key);
    const simple = leaf(value);
    if (simple !== undefined) out.push(`${indent}${k}: ${simple}`);
    else if (typeof value === 'string') out.push(`${indent}${k}: ${block(value, indent) ?? scalar(value)}`);
    else {
      out.push(`${indent}${k}:`);
      write(value, `${indent}  `, order, out);
    }
  }
}

/** One YAML document (no leading `---`), ending in a newline. */
export function writeYaml(value: unknown, order: KeyOrder): string {
  const simple = leaf(value);
  if (simple !== undefined) return `${simple}\n`;
  if (typeof value === 'string') return `${scalar(value)}\n`;
  const out: string[] = [];
  write(value, '', order, out);
  return `${out.join('\n')}\n`;
}
