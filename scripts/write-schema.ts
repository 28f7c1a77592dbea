/** Writes schema/slipway.schema.json from the TypeBox model (the single source). `npm run schema`. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { schemaJson } from '../src/model/schema-json.js';

mkdirSync('schema', { recursive: true });
writeFileSync('schema/slipway.schema.json', schemaJson());
process.stdout.write('wrote schema/slipway.schema.json\n');
