/**
 * `render --format kustomize`: for every example, the real `kubectl kustomize overlays/<env>` yields exactly the
 * objects `render -e <env>` does (compared as object sets, generated Secrets included), the base holds what all
 * environments have, and the tree is the same byte for byte when emitted again.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { renderStack } from '../../src/commands/render.js';
import { renderTree } from '../../src/commands/render-tree.js';
import { writeDirectory } from '../../src/emit/write-dir.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { loadStack } from '../../src/load/load-stack.js';
import type { StackSpec } from '../../src/model/stack.js';
import { environmentNames } from '../../src/resolve/merge-environment.js';
import { tempDir } from '../helpers.js';
import { STACKS } from '../stacks.js';
import { objectSet } from './object-set.js';

const KEY = Buffer.alloc(32, 9);

for (const { name, file } of STACKS) {
  test(`${name}: kubectl kustomize of each overlay equals render of that environment`, () => {
    const loaded = loadStack(file);
    const tree = renderTree(loaded, { format: 'kustomize', secrets: 'include', secretKey: KEY });
    assert.deepEqual([...renderTree(loaded, { format: 'kustomize', secrets: 'include', secretKey: KEY }).files], [...tree.files], 'deterministic');
    const dir = join(tempDir(), 'kustomize');
    writeDirectory(dir, tree.files);
    const envs = environmentNames(loaded.data as StackSpec);
    assert.deepEqual([...new Set(tree.targets.map((t) => t.environment))], envs);
    for (const { name: env, environment, cluster } of tree.targets) {
      const built = spawnSync('kubectl', ['kustomize', join(dir, 'overlays', env)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      assert.equal(built.status, 0, built.stderr);
      const got = objectSet(parseAllDocuments(built.stdout).map((d) => d.toJS() as K8sObject));
      const want = objectSet(renderStack(loaded, { environment, ...(cluster ? { cluster } : {}), secrets: 'include', secretKey: KEY }).objects);
      assert.deepEqual([...got.keys()].sort(), [...want.keys()].sort(), `${env}: the same objects`);
      for (const [k, v] of want) assert.equal(got.get(k), v, `${env}: ${k}`);
    }
    if (envs.length > 1) {
      const base = readFileSync(join(dir, 'base', 'kustomization.yaml'), 'utf8');
      assert.match(base, /- deployment-|- statefulset-/, 'the base holds the shared workloads');
    }
  });
}
