/**
 * `--catalog <module>`: catalog entries from a module the user names on the command line. Only modules named
 * there are ever imported (a stack file cannot make slipway run code), and the entries join the built-in ones
 * in a catalog value for this run only.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtinEntries } from '../catalog/builtin.js';
import { createCatalog, type Catalog } from '../catalog/catalog.js';
import type { CatalogEntry } from '../catalog/contract.js';
import { userError } from '../diagnostics/errors.js';

const HINT = 'a module whose default export is a catalog entry (or a list of them), built with defineCatalogEntry from slipway/catalog-kit';

function isEntry(v: unknown): v is CatalogEntry {
  const e = v as Partial<CatalogEntry> | null;
  return typeof e === 'object' && e !== null && typeof e.type === 'string' && ['connection', 'internal', 'wait', 'recognize', 'clientImage'].every((k) => typeof (e as Record<string, unknown>)[k] === 'function');
}

async function entriesOf(path: string): Promise<CatalogEntry[]> {
  const file = resolve(path);
  if (!existsSync(file)) throw userError(`catalog module ${path} not found`, HINT);
  if (statSync(file).isDirectory()) throw userError(`catalog module ${path} is a folder`, `name its entry file, e.g. ${path}/index.js`);
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (e) {
    throw userError(`catalog module ${path} failed to load: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`, HINT);
  }
  const list = Array.isArray(mod.default) ? mod.default : [mod.default];
  if (!list.length || !list.every(isEntry)) throw userError(`catalog module ${path}: its default export is not a catalog entry`, HINT);
  return list;
}

/** The built-in entries, then each module's in order (a later entry of the same type replaces an earlier one). */
export async function catalogFromModules(paths: readonly string[]): Promise<Catalog> {
  const extra: CatalogEntry[] = [];
  for (const p of paths) extra.push(...(await entriesOf(p)));
  return createCatalog([...builtinEntries, ...extra]);
}
