/**
 * fast-yaml reads what tools write as js-yaml does — the same values and the same document lines — or declines
 * (undefined) and leaves the text to js-yaml. Checked on every YAML file in the repository, every example's
 * render, hand-written edge cases and random data written by slipway's own YAML writer.
 */
import assert from 'node:assert/strict';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import * as jsyaml from 'js-yaml';
import { fastLoadAll } from '../../src/analyze/fast-yaml.js';
import { locatedObjectsFromText } from '../../src/analyze/read-manifests.js';
import { renderStack } from '../../src/commands/render.js';
import { keyOrder } from '../../src/emit/yaml.js';
import { writeYaml } from '../../src/emit/yaml-writer.js';
import { loadStack } from '../../src/load/load-stack.js';
import { STACKS } from '../stacks.js';

function reference(text: string): { docs: unknown[]; starts: number[] } | 'error' {
  const starts: number[] = [];
  let depth = 0;
  const listener = (event: 'open' | 'close', state: { line: number }) => {
    if (event === 'close') return void depth--;
    if (depth++ === 0) starts.push(state.line + 1);
  };
  try {
    return { docs: jsyaml.loadAll(text, undefined, { schema: jsyaml.CORE_SCHEMA, listener }), starts };
  } catch {
    return 'error';
  }
}

/** fast-yaml either declines or agrees with js-yaml; returns whether it read the text itself. */
function agrees(text: string, what: string): boolean {
  const fast = fastLoadAll(text);
  if (!fast) return false;
  const ref = reference(text);
  assert.notEqual(ref, 'error', `${what}: fast-yaml read a text js-yaml refuses`);
  assert.deepEqual(fast, ref, what);
  return true;
}

/** The repository's own YAML files: installed packages and links (a fixture links slipway itself) are not. */
function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (name === 'node_modules') continue;
    const stat = lstatSync(path);
    if (stat.isDirectory()) yamlFiles(path, out);
    else if (/\.ya?ml$/.test(name)) out.push(path);
  }
  return out;
}

test('every YAML file in the repository: fast-yaml agrees with js-yaml or declines', () => {
  let read = 0;
  const files = [...yamlFiles('examples'), ...yamlFiles('test')];
  for (const f of files) if (agrees(readFileSync(f, 'utf8'), f)) read++;
  // Most are in the subset (the rest use anchors, folded blocks or are deliberately broken corpus files).
  assert.ok(read > files.length * 0.8, `${read} of ${files.length} read by fast-yaml`);
});

test("every example's render in every environment is read by fast-yaml, as js-yaml reads it", () => {
  for (const { name, file } of STACKS) {
    const loaded = loadStack(file);
    for (const env of Object.keys((loaded.data as { environments?: object }).environments ?? { '': 0 })) {
      const text = renderStack(loaded, env ? { environment: env } : {}).text;
      assert.ok(agrees(text, `${name} ${env}`), `${name} ${env}: render left to js-yaml`);
    }
  }
});

const READ = [
  'a: 1\n---\n',
  '---\n---\na: 1\n',
  '# c\n---\na: 1\n',
  'a: 1\n---\n# only a comment\n---\nb: 2\n',
  '# nothing\n',
  '',
  'kind: A\nlist:\n- a\n- b: 1\n  c: [x, "y", \'z\']\n- - nested\n  - again\nm: {a: 1, b: {c: [1, 2]}, d: ghcr.io/x:1.0}\n',
  'k: v # comment\nq: "a\\"b\\u00e9"\ns: \'it\'\'s\'\nn: ~\nb: True\nf: 1.5\ni: -0\nh: 0x1F\no: 0o17\nu: 1_000\ninf: -.inf\nnan: .NaN\nv: 0755\nt: 2024-01-02\ne:\n',
  'c: |\n  line 1\n\n    indented\n  last\nd: |-\n  stripped\ne: |+\n  kept\n\nf: x\ng: |2\n    two more\nh:\n- |\n  in a list\n',
  'a:\n  b:\n    c: 1\n  d:\n  - 1\n  -\n    e: 2\nz: end\n',
  "args: [--path=/x, '-a', \"-b\"]\nneg: -foo\nurl: http://x:80/a\npct: 25%\ncpu: 250m\nver: 1.4.2\n",
];

const DECLINED = [
  'a: &x 1\nb: *x\n',
  'a: !!str 1\n',
  'a: >\n  folded\n  text\n',
  'a: plain\n  continued\n',
  'a: "multi\n  line"\n',
  'a: [1,\n  2]\n',
  'a:\n\tb: 1\n',
  'a: 1\na: 2\n',
  '%YAML 1.2\n---\na: 1\n',
  'a: 1\n...\n',
  '--- a: 1\n',
  '? complex\n: key\n',
  '<<: {a: 1}\n',
  'a: b: c\n',
  'a: 1\r\n',
  '  indented: root\n',
];

test('edge cases inside the subset read as js-yaml reads them', () => {
  for (const text of READ) assert.ok(agrees(text, JSON.stringify(text)), `declined: ${JSON.stringify(text)}`);
});

test('outside the subset fast-yaml declines, and manifests there are still read (by js-yaml)', () => {
  for (const text of DECLINED) assert.equal(fastLoadAll(text), undefined, JSON.stringify(text));
  const anchored = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}\n---\n# folded\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata:\n  x: &v one\n  y: *v\n  z: >\n    folded\n    text\n';
  assert.deepEqual(locatedObjectsFromText(anchored, 'x.yaml').map((l) => [l.line, l.object.data]), [
    [1, { k: 'v' }],
    [7, { x: 'one', y: 'one', z: 'folded text\n' }],
  ]);
});

test('random data written by the YAML writer reads back through fast-yaml as through js-yaml', () => {
  const str = fc.oneof(fc.constantFrom('yes', '~', 'null', '0755', '1e3', '.5', '-', 'a: b', 'a #b', "it's", '*r', '|', '', 'a\n', 'a\nb', ' a\nb', 'x:y', 'tab\t', '250m', 'True'), fc.string({ maxLength: 8 }));
  const key = str.filter((k) => k !== '__proto__');
  const value = fc.letrec((tie) => ({
    v: fc.oneof({ depthSize: 'small' }, str, fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(key, tie('v'), { maxKeys: 4, noNullPrototype: true })),
  })).v;
  let read = 0;
  fc.assert(
    fc.property(fc.dictionary(key, value, { maxKeys: 5, noNullPrototype: true }), (data) => {
      if (agrees(writeYaml(data, keyOrder), JSON.stringify(data))) read++;
    }),
    { numRuns: 1500, seed: 7 },
  );
  assert.ok(read > 1000, `${read} of 1500 read by fast-yaml`);
});
