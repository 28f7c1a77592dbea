/** What lint reads: each document's first line, charts' template files, the config file and its globs. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { firstDocument } from '../../src/commands/lint.js';
import { chartObjects, locatedObjectsFromText } from '../../src/analyze/read-manifests.js';
import { SlipwayError } from '../../src/diagnostics/errors.js';
import { globPattern, parseLintConfig } from '../../src/lint/config.js';
import { commentIgnore } from '../../src/lint/ignores.js';

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\n`;

test('each object carries the line its document starts on, past separators, comments, empty documents and Lists', () => {
  const text = `# leading comment\n\n${cm('a')}---\n---\n# about b\n${cm('b')}...\n---\nkind: List\napiVersion: v1\nitems:\n  - ${cm('c').trimEnd().replaceAll('\n', '\n    ')}\n---\n`;
  const got = locatedObjectsFromText(text, 'x.yaml').map((l) => [l.object.metadata.name, l.line]);
  const lines = text.split('\n');
  const at = (needle: string, from = 0) => lines.findIndex((l, i) => i >= from && l.includes(needle)) + 1;
  assert.deepEqual(got, [
    ['a', at('apiVersion')],
    ['b', at('apiVersion', at('about b'))],
    ['c', at('kind: List')],
  ]);
});

test('a chart render attributes each object to its template file through helm\'s # Source comments', () => {
  const out = `---\n# Source: shop/templates/cm.yaml\n${cm('a')}---\n# Source: shop/templates/more/b.yaml\n${cm('b')}`;
  assert.deepEqual(chartObjects(out, 'charts/shop').map((l) => [l.object.metadata.name, l.file, l.line]), [
    ['a', 'charts/shop/templates/cm.yaml', undefined],
    ['b', 'charts/shop/templates/more/b.yaml', undefined],
  ]);
});

test('lint config: settings per rule; unknown keys, ids and values are all reported, located, with did-you-mean', () => {
  assert.deepEqual(parseLintConfig('rules:\n  run-as-root: off\n  image-tag-latest: error\nignorePaths: [vendor/**]\n', 'c.yaml'), {
    rules: { 'run-as-root': 'off', 'image-tag-latest': 'error' },
    ignorePaths: ['vendor/**'],
    overrides: [],
  });
  try {
    parseLintConfig('rule: {}\nrules:\n  image-tag-lates: off\n  run-as-root: loud\noverrides:\n  - rules: {host-pdi: off}\n', 'c.yaml');
    assert.fail('expected a SlipwayError');
  } catch (e) {
    assert.ok(e instanceof SlipwayError);
    assert.deepEqual(
      e.diagnostics.map((d) => [d.line, d.col, d.message, d.hint]),
      [
        [1, 1, 'unknown key "rule"', 'did you mean "rules"?'],
        [3, 3, 'unknown rule "image-tag-lates"', 'did you mean "image-tag-latest"?'],
        [4, 16, '"loud" is not a rule setting', 'one of off, on, error, warning, info'],
        [6, 5, 'an override needs files: a list of globs', 'e.g. files: [legacy/**]'],
        [6, 13, 'unknown rule "host-pdi"', 'did you mean "host-pid"?'],
      ],
    );
  }
});

test('ignorePaths globs: * stays within a folder, ** crosses folders', () => {
  const vendor = globPattern('vendor/**');
  assert.ok(vendor.test('vendor/a.yaml') && vendor.test('vendor/x/y/a.yaml') && !vendor.test('src/vendor.yaml'));
  const top = globPattern('*.yaml');
  assert.ok(top.test('a.yaml') && !top.test('x/a.yaml'));
  const deep = globPattern('**/legacy-*.yaml');
  assert.ok(deep.test('legacy-a.yaml') && deep.test('x/y/legacy-b.yaml') && !deep.test('x/legacy.yml'));
});

test('a lint-ignore comment applies on its own line and the next, to its rule only, and only with a reason', () => {
  const lines = ['services:', '  api:', '    # lint-ignore image-tag-latest: rebuilt per push', '    image: x', '    replicas: 1 # lint-ignore single-replica:'];
  assert.deepEqual(commentIgnore(lines, 4, 'image-tag-latest'), { ignored: true });
  assert.deepEqual(commentIgnore(lines, 3, 'image-tag-latest'), { ignored: true });
  assert.deepEqual(commentIgnore(lines, 5, 'image-tag-latest'), { ignored: false });
  assert.deepEqual(commentIgnore(lines, 4, 'run-as-root'), { ignored: false });
  assert.deepEqual(commentIgnore(lines, 5, 'single-replica'), { ignored: false, reasonless: true });
});

test('a stack or manifests is decided from the first document alone (a large dump is not parsed twice)', () => {
  assert.equal(firstDocument('name: shop\nservices: {}\n'), 'name: shop\nservices: {}\n');
  assert.equal(firstDocument('# header\n---\nkind: A\n---\nkind: B\n'), '# header\n---\nkind: A\n');
  assert.equal(firstDocument('kind: A\n---\nkind: B\n'), 'kind: A\n');
  assert.equal(firstDocument('%YAML 1.2\n---\nkind: A\n...\nkind: B\n'), '%YAML 1.2\n---\nkind: A\n');
  assert.equal(firstDocument('a: |\n  ---\nb: 1\n'), 'a: |\n  ---\nb: 1\n');
});
