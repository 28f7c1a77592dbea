/** What the spec rules take a template to expand to, before resolve: vars through vars, placeholders for the rest. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StackSpec } from '../../src/model/stack.js';
import { expandStatic } from '../../src/rules/spec/expand.js';

const stack = (vars: Record<string, string | number>) => ({ name: 'shop', vars }) as unknown as StackSpec;

test('vars expand through other vars; other and unknown references become the placeholder', () => {
  const s = stack({ image: '${vars.registry}/api:${vars.tag}', registry: '${vars.host}/${stack}', host: 'ghcr.io', tag: 2 });
  assert.equal(expandStatic('${vars.image}', s), 'ghcr.io/a/api:2');
  assert.equal(expandStatic('${tenant}.${vars.host}', s, 'x'), 'x.ghcr.io');
  assert.equal(expandStatic('${vars.nope}:${TAG}', s), 'a:a');
  assert.equal(expandStatic('${vars.toString}', s), 'a', 'only own vars');
});

test('$${ stays a literal ${, in the template and in a var, and is not expanded again', () => {
  const s = stack({ lit: '$${vars.host}', host: 'ghcr.io' });
  assert.equal(expandStatic('a:$${x}', s), 'a:${x}');
  assert.equal(expandStatic('${vars.lit}', s), '${vars.host}');
});

test('an unclosed ${ or a var cycle on the way makes the expansion unknown (resolve reports those)', () => {
  const s = stack({ a: '${vars.b}', b: '${vars.a}', open: '${stack', ok: 'fine' });
  assert.equal(expandStatic('x-${vars.a}', s), undefined);
  assert.equal(expandStatic('x-${vars.open}', s), undefined);
  assert.equal(expandStatic('x-${vars.ok', s), undefined);
  assert.equal(expandStatic('${vars.ok}-${vars.ok}', s), 'fine-fine', 'a var used twice is no cycle');
});
