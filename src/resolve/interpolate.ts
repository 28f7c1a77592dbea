/**
 * `${...}` references in images, env values, files, hosts, args and vars. `$${` writes a literal `${`.
 * References resolve to plain text or to a Secret; secrets can only reach containers through env vars. The
 * syntax itself is model/template.ts's, which the rules read too.
 */
import type { SecretRef } from '../model/resolved.js';

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
