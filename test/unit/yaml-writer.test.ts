import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parse } from 'yaml';
import { keyOrder } from '../../src/emit/yaml.js';
import { writeYaml } from '../../src/emit/yaml-writer.js';

/** Strings that trip YAML parsers: booleans of both versions, numbers, dates, indicators, quotes, blocks. */
const tricky = fc.constantFrom('yes', 'No', 'on', 'OFF', 'y', '~', 'null', '0755', '0x1F', '1:20', '1_000', '1e3', '.5', '2024-01-02', '-', '- a', ': x', 'a: b', 'a #b', '#c', "it's", '"q"', '*ref', '&a', '!tag', '%x', '@x', '`x', '|', '>', '[1]', '{a}', ' lead', 'trail ', '', '\n', 'a\n', 'a\n\n', '\na', ' a\nb', 'a\n b\n', 'tab\there', 'uni\u00e9', 'ctl\u0001', '$(VAR)', 'http://x:80/a', '25%', '250m', '1.4.2', 'true', '.inf', '=', '<<');
const str = fc.oneof(tricky, fc.string({ maxLength: 8 }), fc.string({ unit: fc.constantFrom('a', ' ', '\n', ':', '#', "'", '"', '-', '0', '.', '\t') , maxLength: 10 }));
/** Object keys; __proto__ is a JavaScript artefact, not a YAML concern. */
const key = str.filter((k) => k !== '__proto__');
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, str, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)), fc.boolean(), fc.constant(null), fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(key, tie('v'), { maxKeys: 4, noNullPrototype: true })),
})).v;

test('anything written reads back identically under YAML 1.2 and YAML 1.1', () => {
  fc.assert(
    fc.property(fc.dictionary(key, value, { maxKeys: 5, noNullPrototype: true }), (data) => {
      const text = writeYaml(data, keyOrder);
      assert.deepEqual(parse(text, { version: '1.2' }), data, text);
      assert.deepEqual(parse(text, { version: '1.1' }), data, text);
    }),
    { numRuns: 2000, seed: 42 },
  );
});

test('readable output for ordinary Kubernetes values', () => {
  const text = writeYaml({ kind: 'ConfigMap', data: { 'a.yaml': 'x: 1\ny: 2\n' }, port: '8080', cpu: '250m', on: 'yes', list: [{ name: 'a', v: 1 }, 'b'] }, keyOrder);
  assert.equal(text, "kind: ConfigMap\ncpu: 250m\ndata:\n  a.yaml: |\n    x: 1\n    y: 2\nlist:\n  - name: a\n    v: 1\n  - b\n'on': 'yes'\nport: '8080'\n");
});
