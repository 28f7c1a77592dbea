/**
 * `infra.<name>.options` checked against the schema of the entry its `type` names. The stack schema only knows
 * that options is a map: which keys it takes depends on the catalog value in use, which may hold entries
 * slipway has never seen, so each entry's schema is compiled here on first use.
 */
import { createRequire } from 'node:module';
import type { TObject } from '@sinclair/typebox';
import type { Catalog } from '../catalog/catalog.js';
import type { Issue } from '../diagnostics/issue.js';
import type { StackSpec } from '../model/stack.js';
import { AJV_OPTIONS, issuesAgainst, type Validate } from './schema-check.js';

const compiled = new WeakMap<TObject, Validate>();

/** ajv is loaded only by stacks that set options (a plain run keeps to the precompiled stack validator). */
export function compile(schema: TObject): Validate {
  let validate = compiled.get(schema);
  if (!validate) {
    const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
    validate = new Ajv(AJV_OPTIONS).compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

export function optionIssues(stack: StackSpec, catalog: Catalog): Issue[] {
  const issues: Issue[] = [];
  for (const [name, spec] of Object.entries(stack.infra ?? {})) {
    if (spec.options === undefined) continue;
    const at = ['infra', name, 'options'];
    // An unknown type is resolve's error (with its own did-you-mean); its options cannot be judged.
    const entry = catalog.entry(spec.type);
    if (!entry) continue;
    if (!entry.options) {
      issues.push({ code: 'invalid-key', message: `infra type "${entry.type}" takes no options`, hint: 'remove options:', path: at, atKey: true });
      continue;
    }
    const found = issuesAgainst(compile(entry.options), spec.options).map((i) => ({ ...i, path: [...at, ...i.path] }));
    issues.push(...found);
    // What the entry knows beyond the schema (e.g. a near-miss setting name), once the shape is right.
    if (!found.length && entry.checkOptions) {
      for (const p of entry.checkOptions(spec.options)) {
        issues.push({ code: 'infra-option-name', message: p.message, ...(p.hint ? { hint: p.hint } : {}), path: [...at, ...p.path], ...(p.atKey ? { atKey: true } : {}) });
      }
    }
  }
  return issues;
}
