/**
 * The emitted Helm chart deploys for real: `helm install --wait` of the fixture stack's dev values reaches Ready
 * on the test cluster, and `helm upgrade` keeps every generated credential (nothing in the chart makes one up).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { renderTree } from '../../src/commands/render-tree.js';
import { writeDirectory } from '../../src/emit/write-dir.js';
import { loadStack } from '../../src/load/load-stack.js';
import { stackFile, tempDir } from '../helpers.js';
import { dropNamespace, kubectlOk, namespaceName, waitAllReady } from './kube.js';

const helm = (args: string[]) => spawnSync('helm', args, { encoding: 'utf8', timeout: 300_000, env: { ...process.env, HELM_CACHE_HOME: tempDir(), HELM_CONFIG_HOME: tempDir(), HELM_DATA_HOME: tempDir() } });

test('helm install of the emitted chart reaches Ready; helm upgrade keeps the generated credentials', () => {
  const ns = namespaceName('helm-dev');
  const text = readFileSync('test/fixtures/basic.yaml', 'utf8').replace('  dev:\n    profile: minimal\n', `  dev:\n    profile: minimal\n    namespace: ${ns}\n`);
  assert.ok(text.includes(ns), 'the fixture still has the dev environment this test renames');
  const tree = renderTree(loadStack(stackFile(text)), { format: 'helm', environments: ['dev'], secrets: 'include', secretKey: Buffer.alloc(32, 4) });
  const chart = join(tempDir(), 'chart');
  writeDirectory(chart, tree.files);
  const values = join(chart, 'values-dev.yaml');
  const install = helm(['install', 'shop', chart, '-n', ns, '--create-namespace', '-f', values, '--wait', '--timeout', '4m']);
  assert.equal(install.status, 0, install.stderr + install.stdout);
  waitAllReady(ns, '240s');
  const secrets = () => kubectlOk(['get', 'secret', '-n', ns, '-l', 'slipway.dev/generated=true', '-o', "jsonpath={range .items[*]}{.metadata.name}={.data}{'\\n'}{end}"]);
  const before = secrets();
  assert.match(before, /db-credentials=/, 'the generated credentials are part of the release');
  const upgrade = helm(['upgrade', 'shop', chart, '-n', ns, '-f', values, '--wait', '--timeout', '4m']);
  assert.equal(upgrade.status, 0, upgrade.stderr + upgrade.stdout);
  assert.equal(secrets(), before, 'an upgrade rotates nothing');
  helm(['uninstall', 'shop', '-n', ns, '--wait']);
  dropNamespace(ns);
});
