/**
 * `render --format helm`: for every example the real `helm lint` passes with each environment's values, and
 * `helm template -n <namespace> -f values-<env>.yaml` yields exactly the objects `render -e <env>` does
 * (compared as object sets, generated Secrets included, so no value is made up by a template function), its
 * Namespace included when `createNamespace` is set.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { renderStack } from '../../src/commands/render.js';
import { renderTree } from '../../src/commands/render-tree.js';
import { writeDirectory } from '../../src/emit/write-dir.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { loadStack } from '../../src/load/load-stack.js';
import { tempDir } from '../helpers.js';
import { STACKS } from '../stacks.js';
import { objectSet } from './object-set.js';

const KEY = Buffer.alloc(32, 5);

for (const { name, file } of STACKS) {
  test(`${name}: helm lint passes and helm template of each environment's values equals its render`, () => {
    const loaded = loadStack(file);
    const tree = renderTree(loaded, { format: 'helm', secrets: 'include', secretKey: KEY });
    const dir = join(tempDir(), 'chart');
    writeDirectory(dir, tree.files);
    for (const { name: env, environment, cluster } of tree.targets) {
      const rendered = renderStack(loaded, { environment, ...(cluster ? { cluster } : {}), secrets: 'include', secretKey: KEY });
      const values = join(dir, `values-${env}.yaml`);
      const lint = spawnSync('helm', ['lint', dir, '-f', values], { encoding: 'utf8' });
      assert.equal(lint.status, 0, lint.stdout + lint.stderr);
      const built = spawnSync('helm', ['template', String((loaded.data as { name: string }).name), dir, '-n', rendered.resolved.namespace, '-f', values, '--set', 'createNamespace=true'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      assert.equal(built.status, 0, built.stderr);
      const got = objectSet(parseAllDocuments(built.stdout).map((d) => d.toJS() as K8sObject).filter(Boolean));
      const want = objectSet(rendered.objects);
      assert.deepEqual([...got.keys()].sort(), [...want.keys()].sort(), `${env}: the same objects`);
      for (const [k, v] of want) assert.equal(got.get(k), v, `${env}: ${k}`);
    }
    const defaults = spawnSync('helm', ['lint', dir], { encoding: 'utf8' });
    assert.equal(defaults.status, 0, `the chart lints with its own values.yaml too: ${defaults.stdout}`);
    assert.ok(!readdirSync(join(dir, 'templates')).some((f) => /randAlphaNum|uuidv4/.test(readFileSync(join(dir, 'templates', f), 'utf8'))), 'no template makes up a value');
  });
}
