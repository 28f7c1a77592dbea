/** Writes schema/slipway.schema.json from the TypeBox model (the single source). `npm run schema`. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { stackSchemaJson } from '../src/catalog/json-schema.js';

mkdirSync('schema', { recursive: true });
writeFileSync('schema/slipway.schema.json', stackSchemaJson());
process.stdout.write('wrote schema/slipway.schema.json\n');
