/**
 * The emitted Kustomize tree deploys for real: `kubectl apply -k overlays/<env>` of the fixture stack (each
 * environment in its own fresh namespace, generated Secrets included) reaches Ready on the test cluster.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { renderTree } from '../../src/commands/render-tree.js';
import { writeDirectory } from '../../src/emit/write-dir.js';
import { loadStack } from '../../src/load/load-stack.js';
import { stackFile, tempDir } from '../helpers.js';
import { dropNamespace, kubectl, kubectlOk, namespaceName, waitAllReady } from './kube.js';

test('kubectl apply -k of each overlay reaches Ready', () => {
  const dev = namespaceName('kz-dev');
  const prod = namespaceName('kz-prod');
  const text = readFileSync('test/fixtures/basic.yaml', 'utf8').replace('  dev:\n    profile: minimal\n', `  dev:\n    profile: minimal\n    namespace: ${dev}\n`).replace('namespace: shop', `namespace: ${prod}`);
  assert.ok(text.includes(dev) && text.includes(prod), 'the fixture still has the environments this test renames');
  const tree = renderTree(loadStack(stackFile(text)), { format: 'kustomize', secrets: 'include', secretKey: Buffer.alloc(32, 3) });
  const dir = join(tempDir(), 'kz');
  writeDirectory(dir, tree.files);
  for (const [env, ns] of [['dev', dev], ['prod', prod]] as const) {
    const applied = kubectl(['apply', '-k', join(dir, 'overlays', env)]);
    assert.equal(applied.status, 0, applied.stderr);
    waitAllReady(ns, '240s');
    assert.ok(kubectlOk(['get', 'deployment', '-n', ns, '-o', 'name']).includes('deployment.apps/api'), `${env}: the api runs in ${ns}`);
    dropNamespace(ns);
  }
});
