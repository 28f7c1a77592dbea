/**
 * Part of `npm run build`: compiles the stack schema into a standalone validator module once, so the CLI does
 * not pay ajv's schema compilation (~100 ms) on every run. schema-check.ts falls back to compiling at run time
 * when the generated module is absent.
 */
import { writeFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import { AJV_OPTIONS } from '../src/validate/schema-check.js';
import { StackSchema } from '../src/model/schema.js';

const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: true } });
// ajv's ESM output still calls require() for its runtime helpers; give the module one.
const preamble = "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\n";
writeFileSync('dist/src/validate/stack-validator.generated.js', preamble + standalone.default(ajv, ajv.compile(StackSchema)));
