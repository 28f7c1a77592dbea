/**
 * Property: whatever a stack file is mutated into, slipway answers with typed diagnostics (or a render),
 * never an exception — and a stack that validates always renders in every environment.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { parseStack } from '../../src/load/load-stack.js';
import { renderStack } from '../../src/commands/render.js';
import { environmentNames } from '../../src/resolve/merge-environment.js';
import type { StackSpec } from '../../src/model/stack.js';
import { diagnose } from '../helpers.js';

const FIXTURE = readFileSync('test/fixtures/basic.yaml', 'utf8');

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path into a JSON value. */
function paths(v: Json, at: (string | number)[] = []): (string | number)[][] {
  const out = [at];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, i])));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

function setAt(root: Json, path: (string | number)[], value: Json | undefined): Json {
  if (!path.length) return value ?? null;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let node = copy;
  for (const p of path.slice(0, -1)) node = node[p] as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

const words = fc.constantFrom('image', 'ports', 'uses', 'kind', 'replicas', 'db', 'cache', 'api', 'tenant', 'env', 'http', '${infra.db.url}', '${tenant}', '${services.api.url}', 'job', 'cron', '-1', 'ALL CAPS', '');
const leaf: fc.Arbitrary<Json> = fc.oneof(fc.integer({ min: -5, max: 70000 }), fc.boolean(), fc.constant(null), words, fc.string({ maxLength: 12 }));
const value: fc.Arbitrary<Json> = fc.oneof(leaf, fc.array(leaf, { maxLength: 3 }), fc.dictionary(words, leaf, { maxKeys: 3 }));

function check(text: string): void {
  const diags = diagnose(text);
  for (const d of diags) {
    assert.equal(typeof d.code, 'string');
    assert.ok(d.message.length > 0);
  }
  if (diags.length) return;
  const stack = parseStack(text, 'stack.yaml');
  for (const env of environmentNames(stack.data as StackSpec)) renderStack(stack, { environment: env });
}

test('structural mutations of a valid stack give diagnostics or a render, never a crash', () => {
  const base = parse(FIXTURE) as Json;
  const all = paths(base);
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(all.length - 1), fc.oneof(value, fc.constant(undefined))), { minLength: 1, maxLength: 3 }), (mutations) => {
      let doc = base;
      for (const [i, v] of mutations) {
        const current = paths(doc);
        doc = setAt(doc, current[i % current.length]!, v);
      }
      check(stringify(doc));
    }),
    { numRuns: 300, seed: 20261122 },
  );
});

test('text mutations (cuts, inserts) give diagnostics or a render, never a crash', () => {
  fc.assert(
    fc.property(fc.nat(FIXTURE.length - 1), fc.nat(40), fc.constantFrom('', ':', '- ', '  ', '\t', '{', '"', '${', '\n', '---\n', 'x: [1'), (at, cut, insert) => {
      check(FIXTURE.slice(0, at) + insert + FIXTURE.slice(at + cut));
    }),
    { numRuns: 300, seed: 7 },
  );
});
