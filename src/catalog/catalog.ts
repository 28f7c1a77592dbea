/**
 * The catalog as a value: the entries one run of the pipeline may use. Load, validate, resolve, generate,
 * analyze and import take it through their options (default: builtinCatalog), so two stacks in one process
 * can use two catalogs, and a user's entries never leak into anyone else's run.
 */
import type { CatalogEntry, ImageMatch } from './contract.js';

export interface Catalog {
  /** Entries in the order given (recognition tries them in this order). */
  readonly entries: readonly CatalogEntry[];
  entry(type: string): CatalogEntry | undefined;
  /** Every type, sorted. */
  types(): string[];
  /** The first entry whose recognize() matches the image, with how it matched. */
  recognize(image: string): (ImageMatch & { entry: CatalogEntry }) | undefined;
}

/** A catalog of `entries`; a later entry of the same type replaces an earlier one (so `[...builtin, myRedis]` works). */
export function createCatalog(entries: readonly CatalogEntry[]): Catalog {
  const byType = new Map<string, CatalogEntry>();
  for (const e of entries) byType.set(e.type, e);
  const list = Object.freeze([...byType.values()]);
  const types = [...byType.keys()].sort();
  return Object.freeze({
    entries: list,
    entry: (type: string) => byType.get(type),
    types: () => [...types],
    recognize(image: string) {
      // Official images first, across every entry: postgres is postgresql even if another entry also claims it.
      const matches = list.map((entry) => ({ entry, match: entry.recognize(image) })).filter((m) => m.match);
      const best = matches.find((m) => m.match!.official) ?? matches[0];
      return best ? { ...best.match!, entry: best.entry } : undefined;
    },
  });
}
