/** The stack's JSON Schema as one catalog sees it: every type's options and external fields completed by editors. */
import { schemaJson } from '../model/schema-json.js';
import { builtinCatalog } from './builtin.js';
import type { Catalog } from './catalog.js';
import { DEFAULT_EXTERNAL } from './external-schema.js';

/** schema/slipway.schema.json for the built-in catalog (`npm run schema`); pass your own catalog to add its entries. */
export function stackSchemaJson(catalog: Catalog = builtinCatalog): string {
  return schemaJson(catalog.entries.map((e) => ({ type: e.type, external: e.external ?? DEFAULT_EXTERNAL, ...(e.options ? { options: e.options } : {}) })));
}
