/**
 * Part of `npm run build`: compiles the stack schema into a standalone validator once, so the CLI does not pay
 * ajv's schema compilation (~100 ms) on every run, and writes V8's code cache of it beside it, so the CLI does
 * not pay compiling the generated function either (src/validate/precompiled.ts). schema-check.ts falls back to
 * compiling at run time when the generated source is absent.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import { load } from 'js-yaml';
import { AJV_OPTIONS } from '../src/validate/schema-check.js';
import { instantiate, VALIDATOR_CACHE, VALIDATOR_SOURCE, wrapValidator } from '../src/validate/precompiled.js';
import { StackSchema } from '../src/model/schema.js';

const dir = resolve('dist/src/validate');
const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: false } });
const source = standalone.default(ajv, ajv.compile(StackSchema));
writeFileSync(join(dir, VALIDATOR_SOURCE), source);

// Run it on the examples first: V8 compiles a function when it is first called, and the cache holds what is compiled.
const { validate, script } = instantiate(wrapValidator(source), join(dir, VALIDATOR_SOURCE));
// A folder without a stack file has nothing to warm with; a validator that throws on a stack fails the build.
for (const example of readdirSync('examples')) {
  const file = join('examples', example, 'slipway.yaml');
  if (existsSync(file)) validate(load(readFileSync(file, 'utf8')));
}
writeFileSync(join(dir, VALIDATOR_CACHE), script.createCachedData());
