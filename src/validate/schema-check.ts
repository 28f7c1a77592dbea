/** Structural check of a stack against the JSON Schema, with errors rewritten for people. */
import type { Ajv, ErrorObject } from 'ajv';
import { suggest } from '../diagnostics/did-you-mean.js';
import type { Issue } from '../diagnostics/issue.js';
import { loadPrecompiled } from './precompiled.js';

export const AJV_OPTIONS = { allErrors: true, strict: false, verbose: true } as const;

export type Validate = ReturnType<Ajv['compile']>;
/**
 * Precompiled at build time (scripts/write-validator.ts), so a run loads neither ajv nor the schema library;
 * compiled here only when that module is missing (e.g. running from sources).
 */
const compiled: Validate =
  loadPrecompiled() ??
  (await (async () => {
    const [{ Ajv: AjvClass }, { StackSchema }] = await Promise.all([import('ajv'), import('../model/schema.js')]);
    return new AjvClass(AJV_OPTIONS).compile(StackSchema);
  })());
function validator(): Validate {
  return compiled;
}

function pathOf(instancePath: string): (string | number)[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

type Err = ErrorObject & { parentSchema?: Record<string, unknown> };

function describeType(e: Err): string {
  const s = e.parentSchema ?? {};
  if ('const' in s) return JSON.stringify(s.const);
  return String(e.params.type ?? 'valid');
}

/**
 * Ajv reports every failed branch of a union. Keep what a person needs: if some branch got past the
 * type check, report that branch's errors; otherwise say which types or values were allowed.
 */
function reduceUnions(errors: Err[]): Err[] {
  const unions = errors.filter((e) => e.keyword === 'anyOf').sort((a, b) => b.schemaPath.length - a.schemaPath.length);
  let rest = errors;
  for (const u of unions) {
    if (!rest.includes(u)) continue;
    const prefix = `${u.schemaPath}/`;
    const inBranch = rest.filter((e) => e.schemaPath.startsWith(prefix));
    rest = rest.filter((e) => e !== u && !e.schemaPath.startsWith(prefix));
    const branches = new Map<string, Err[]>();
    for (const e of inBranch) {
      const i = e.schemaPath.slice(prefix.length).split('/')[0] ?? '0';
      branches.set(i, [...(branches.get(i) ?? []), e]);
    }
    const shallow = (e: Err) => e.instancePath === u.instancePath && (e.keyword === 'type' || e.keyword === 'const');
    const deeper = [...branches.values()].find((errs) => !errs.some(shallow));
    if (deeper) {
      rest.push(...deeper.map((e) => ({ ...e, schemaPath: u.schemaPath })));
    } else {
      const options = [...new Set([...branches.values()].flatMap((errs) => errs.filter(shallow).map(describeType)))];
      const consts = options.every((o) => o.startsWith('"'));
      rest.push({
        ...u,
        keyword: consts ? 'enum' : 'type',
        params: { allowedValues: options.map((o) => (consts ? JSON.parse(o) : o)) },
        message: consts ? `must be one of ${options.join(', ')}` : `must be ${options.join(' or ')}`,
      });
    }
  }
  return rest;
}

function toIssue(e: Err, data: unknown): Issue {
  const path = pathOf(e.instancePath);
  const schema = e.parentSchema ?? {};
  const description = typeof schema.description === 'string' ? schema.description : undefined;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(e.params.additionalProperty);
      const allowed = Object.keys((schema.properties as Record<string, unknown>) ?? {});
      if (!allowed.length && typeof schema.errorMessage === 'string') return { code: 'invalid-key', message: `"${key}": ${schema.errorMessage}`, hint: description, path: [...path, key], atKey: true };
      return { code: 'unknown-key', message: `unknown key "${key}"`, hint: suggest(key, allowed, 'allowed keys') || undefined, path: [...path, key], atKey: true };
    }
    case 'required': {
      const key = String(e.params.missingProperty);
      const prop = (schema.properties as Record<string, { description?: string }> | undefined)?.[key];
      return { code: 'missing-key', message: `missing required key "${key}"`, hint: prop?.description ? `${key}: ${prop.description}` : undefined, path, atKey: true };
    }
    case 'enum': {
      const allowed = (e.params.allowedValues as unknown[]).map(String);
      const value = valueAt(data, path);
      return { code: 'invalid-value', message: `${JSON.stringify(value)} is not allowed here; must be one of: ${allowed.join(', ')}`, hint: typeof value === 'string' ? suggest(value, allowed) || undefined : undefined, path };
    }
    case 'type':
      return { code: 'wrong-type', message: `${e.message ?? 'wrong type'}, got ${kindOf(valueAt(data, path))}`, hint: description, path };
    case 'minimum':
    case 'maximum': {
      const limit = Number(e.params.limit);
      const bound = e.keyword === 'maximum' ? `at most ${limit}` : `at least ${limit}`;
      return { code: 'out-of-range', message: `${String(valueAt(data, path))} is out of range: must be ${bound}`, hint: description ?? `use a number ${bound}`, path };
    }
    case 'pattern':
      return { code: 'invalid-format', message: typeof schema.errorMessage === 'string' ? schema.errorMessage : `must match ${String(e.params.pattern)}`, hint: description, path };
    case 'minProperties':
    case 'maxProperties':
      if (path.includes('uses')) return { code: 'invalid-use', message: 'a uses entry is a name or a map with exactly one name', hint: 'write `- db` or `- db: {database: orders}`', path };
    // falls through
    default:
      return { code: 'invalid-value', message: e.message ?? 'invalid value', hint: description, path };
  }
}

function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let v: unknown = data;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[p] : undefined;
  return v;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  return `${typeof v} ${JSON.stringify(v)}`;
}

export function schemaIssues(data: unknown): Issue[] {
  return issuesAgainst(validator(), data);
}

/** `data` checked by a compiled schema, each error rewritten for people; paths are relative to `data`. */
export function issuesAgainst(validate: Validate, data: unknown): Issue[] {
  if (validate(data)) return [];
  return reduceUnions([...((validate.errors ?? []) as Err[])]).map((e) => toIssue(e, data));
}
