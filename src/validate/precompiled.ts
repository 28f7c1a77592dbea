/**
 * The stack validator that `npm run build` compiled (scripts/write-validator.ts), loaded with V8's code cache.
 * The validator is one ~1.9 MB function (every environment overlay repeats the service and infra schemas);
 * compiling it was about a third of the instructions of `slipway validate` on a small stack. The cache was
 * written by the Node that built it: another Node or other V8 flags reject it, and the source compiles as usual.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import type { ValidateFunction } from 'ajv';

export const VALIDATOR_SOURCE = 'stack-validator.generated.cjs';
export const VALIDATOR_CACHE = 'stack-validator.generated.cache';

/** The generated source as one function expression taking CommonJS's module, exports and require. */
export function wrapValidator(cjs: string): string {
  return `(function (module, exports, require) {${cjs}\n})`;
}

/** Compile and run the wrapped source; the Script is returned too, for the build to take its code cache. */
export function instantiate(wrapped: string, file: string, cachedData?: Buffer): { validate: ValidateFunction; script: Script } {
  const script = new Script(wrapped, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as unknown };
  // ajv's standalone code require()s its small runtime helpers (ucs2length, deep equality) from node_modules.
  (script.runInThisContext() as (m: object, e: unknown, r: NodeRequire) => void)(module, module.exports, createRequire(file));
  return { validate: module.exports as ValidateFunction, script };
}

/** The built validator next to this module, or undefined when there is none (running from sources). */
export function loadPrecompiled(): ValidateFunction | undefined {
  // From this module or from a chunk of the bundled binary (dist/src/bundle/): the build writes it in validate/.
  const dir = new URL('../validate/', import.meta.url);
  const file = new URL(VALIDATOR_SOURCE, dir);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let cache: Buffer | undefined;
  try {
    cache = readFileSync(new URL(VALIDATOR_CACHE, dir));
  } catch {
    cache = undefined;
  }
  // A path, not the URL's pathname: that keeps %20 for a space, and require() would then find no node_modules.
  return instantiate(wrapValidator(source), fileURLToPath(file), cache).validate;
}
