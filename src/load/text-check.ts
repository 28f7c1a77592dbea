/**
 * A stack file is text: valid UTF-8 without control characters other than tab, newline and carriage
 * return. Both parsers would otherwise accept or mangle such bytes silently (an invalid byte becomes U+FFFD,
 * a NUL ends up in an env var), or fail with a message that names neither the character nor its place.
 */
import { isUtf8 } from 'node:buffer';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { SlipwayError } from '../diagnostics/errors.js';

/** C0 controls except tab/LF/CR, DEL, C1 controls except NEL, and the two non-characters YAML excludes. */
const FORBIDDEN = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]/;

const NAMES: Readonly<Record<number, string>> = { 0: 'NUL', 7: 'BEL', 8: 'BS', 0x0b: 'VT', 0x0c: 'FF', 0x1b: 'ESC', 0x7f: 'DEL' };

function at(file: string, line: number, col: number, code: string, message: string, hint: string): SlipwayError {
  const d: Diagnostic = { code, message, hint, path: '', file, line, col };
  return new SlipwayError([d]);
}

/** Throws a located `control-character` error for the first forbidden character in `text`. */
export function checkText(text: string, file: string): void {
  const m = FORBIDDEN.exec(text);
  if (!m) return;
  const offset = m.index;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  const code = m[0].charCodeAt(0);
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = NAMES[code] ? ` (${NAMES[code]})` : '';
  throw at(
    file,
    line,
    offset - lineStart + 1,
    'control-character',
    `the stack file contains the control character ${hex}${name}`,
    'stack files are plain text: delete it; inside a double-quoted string write an escape such as "\\t" or "\\x1b" instead',
  );
}

/** Length of the valid UTF-8 prefix of `bytes`. */
function validPrefix(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const n = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    // Second-byte ranges exclude overlong forms, surrogates and code points above U+10FFFF.
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    const b1 = bytes[i + 1];
    if (b1 === undefined || b1 < lo || b1 > hi) return i;
    for (let k = 2; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < 0x80 || c > 0xbf) return i;
    }
    i += n + 1;
  }
  return i;
}

/** Decode a stack file, or throw a located `invalid-utf8` error at the first byte that is not UTF-8. */
export function decodeStack(bytes: Uint8Array, file: string): string {
  if (isUtf8(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const offset = validPrefix(bytes);
  const lineStart = bytes.lastIndexOf(0x0a, offset - 1) + 1;
  let line = 1;
  for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
  const col = Buffer.from(bytes.subarray(lineStart, offset)).toString('utf8').length + 1;
  const byte = bytes[offset]!.toString(16).toUpperCase().padStart(2, '0');
  throw at(file, line, col, 'invalid-utf8', `the stack file is not valid UTF-8 (byte 0x${byte})`, 'save the file as UTF-8, e.g. `iconv -f latin1 -t utf-8 old.yaml > slipway.yaml`');
}
