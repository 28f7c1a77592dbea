/** The two spellings of a `uses` entry (`- db` and `- db: {database: x}`), read the same way everywhere. */
import type { UseOptions } from './stack.js';

export type UseEntry = string | Record<string, UseOptions | null>;

/** A `uses` entry in its long form. */
export function normalizeUse(entry: UseEntry): { name: string; options: UseOptions } {
  if (typeof entry === 'string') return { name: entry, options: {} };
  const [name, options] = Object.entries(entry)[0] ?? ['', null];
  return { name, options: options ?? {} };
}
