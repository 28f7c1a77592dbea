/**
 * `${...}` references in images, env values, files, hosts, args and vars. `$${` writes a literal `${`.
 * References resolve to plain text or to a Secret; secrets can only reach containers through env vars.
 */
import type { SecretRef } from '../model/resolved.js';

/** Text, a reference, or the rest of the input after a `${` that is never closed (an error where it is used). */
export type Piece = { text: string } | { ref: string } | { unclosed: string };

export function parseTemplate(input: string): Piece[] {
  const pieces: Piece[] = [];
  let text = '';
  let i = 0;
  while (i < input.length) {
    if (input.startsWith('$${', i)) {
      text += '${';
      i += 3;
    } else if (input.startsWith('${', i)) {
      const end = input.indexOf('}', i + 2);
      if (end < 0) {
        if (text) pieces.push({ text });
        return [...pieces, { unclosed: input.slice(i) }];
      }
      if (text) pieces.push({ text });
      text = '';
      pieces.push({ ref: input.slice(i + 2, end).trim() });
      i = end + 1;
    } else {
      text += input[i];
      i += 1;
    }
  }
  if (text) pieces.push({ text });
  return pieces;
}

/** What a reference stands for: text, a secret, or text that embeds a secret at `{password}`. */
export type Resolved = { text: string } | { secret: SecretRef } | { template: string; secret: SecretRef };

export interface Scope {
  lookup(ref: string): Resolved | undefined;
  /** Every reference that would resolve, for "did you mean". */
  known(): string[];
}

/** A scope over a flat table of references. */
export function tableScope(table: ReadonlyMap<string, Resolved>): Scope {
  return { lookup: (ref) => table.get(ref), known: () => [...table.keys()] };
}

export function chainScope(...scopes: Scope[]): Scope {
  return {
    lookup: (ref) => scopes.reduce<Resolved | undefined>((found, s) => found ?? s.lookup(ref), undefined),
    known: () => scopes.flatMap((s) => s.known()),
  };
}
