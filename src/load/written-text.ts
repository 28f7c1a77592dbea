/**
 * Env values and vars reach a container as text, so they keep the text written in the file: read as numbers,
 * `1.10`, `0x1F`, `012345` or a 21-digit id would come back as `1.1`, `31`, `12345` or `123456789012345680000`.
 * The data parser's number and boolean types are replaced by ones that also remember their source text (the
 * parser hands it to `construct`); one pass afterwards keeps that text in env maps and vars and plain values
 * everywhere else, so replicas and ports stay numbers. No second parser is involved.
 */
import * as jsyaml from 'js-yaml';
import type { Type } from 'js-yaml';

/** A number or boolean with the text it was written as. */
class Written {
  constructor(
    readonly value: number | boolean,
    readonly text: string,
  ) {}
  // Map keys are stringified by the parser: the same key as an unboxed value would give.
  toString(): string {
    return String(this.value);
  }
  get [Symbol.toStringTag](): string {
    return 'Written';
  }
}

// `types` is exported at run time but missing from the type declarations.
const types = (jsyaml as unknown as { types: Record<'null' | 'bool' | 'int' | 'float' | 'merge', Type & { tag: string; construct(d: string): unknown; resolve(d: string): boolean }> }).types;

function remembering(base: (typeof types)['int']): Type {
  return new jsyaml.Type(base.tag, {
    kind: 'scalar',
    resolve: (d: string) => base.resolve(d),
    construct: (d: string) => new Written(base.construct(d) as number | boolean, d),
  });
}

/** YAML 1.2 core types (no timestamps: `2024-01-01` stays a string) plus `<<` merge keys, remembering scalar text. */
export const SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [types.null, remembering(types.bool), remembering(types.int), remembering(types.float), types.merge] });

type Data = Record<string, unknown>;
const isMap = (v: unknown): v is Data => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Written);

/** The maps whose values become env var text: vars and services.*.env, in the base and in each overlay. */
function textMaps(data: Data): Data[] {
  const out: Data[] = [];
  const scope = (root: Data) => {
    if (isMap(root.vars)) out.push(root.vars);
    if (isMap(root.services)) for (const svc of Object.values(root.services)) if (isMap(svc) && isMap(svc.env)) out.push(svc.env);
  };
  scope(data);
  if (isMap(data.environments)) for (const overlay of Object.values(data.environments)) if (isMap(overlay)) scope(overlay);
  return out;
}

/** Replace every remembered scalar: by its text in env maps and vars, by its value elsewhere. Mutates `data`. */
export function settleScalars(data: unknown): unknown {
  if (data instanceof Written) return data.value;
  if (!isMap(data)) return data;
  // Text first: an anchored map shared with an x- key must not lose its text to the generic pass.
  for (const map of textMaps(data)) for (const [k, v] of Object.entries(map)) if (v instanceof Written) map[k] = v.text;
  return settleAll(data, (w) => w.value);
}

/** Every remembered scalar becomes the text it was written as (for files whose fields are read as text). */
export function scalarsAsText(data: unknown): unknown {
  return data instanceof Written ? data.text : settleAll(data, (w) => w.text);
}

function settleAll(data: unknown, settle: (w: Written) => unknown): unknown {
  if (typeof data !== 'object' || data === null) return data;
  const seen = new Set<object>();
  const visit = (node: object): void => {
    if (seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const v: unknown = node[i];
        if (v instanceof Written) node[i] = settle(v);
        else if (typeof v === 'object' && v !== null) visit(v);
      }
      return;
    }
    const map = node as Data;
    for (const k in map) {
      const v = map[k];
      if (v instanceof Written) map[k] = settle(v);
      else if (typeof v === 'object' && v !== null) visit(v);
    }
  };
  visit(data);
  return data;
}
