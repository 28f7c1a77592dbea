/**
 * The promise of `import`: a compose file with a database, a cache, a migration, an API with a healthcheck, a
 * worker and a web front end becomes a stack that `up` brings to Ready on the real control plane — the
 * migration Job completes before the API starts, the profile's service appears only in its environment —
 * and `analyze` of the live namespace finds every edge the imported stack's graph has.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { graphCommand } from '../../src/commands/graph.js';
import { loadStack } from '../../src/load/load-stack.js';
import { slipway, tempDir } from '../helpers.js';
import { dropNamespace, kubectl, kubectlOk, namespaceName } from './kube.js';

const COMPOSE = 'test/fixtures/compose/shop/compose.yaml';

test('an imported compose stack reaches Ready with up, and analyze of the live namespace recovers its graph', () => {
  const file = join(tempDir(), 'slipway.yaml');
  const imported = slipway(['import', COMPOSE, '--out', file]);
  assert.equal(imported.status, 0, imported.stderr);

  const ns = namespaceName('import-shop');
  const up = slipway(['up', '-f', file, '-e', 'default', '-n', ns, '--timeout', '240']);
  assert.equal(up.status, 0, up.stderr + up.stdout);
  // Job names carry a digest of their pod template (a changed migration is a new Job).
  assert.equal(kubectlOk(['get', 'job', '-n', ns, '-l', 'app.kubernetes.io/name=migrate', '-o', 'jsonpath={.items[*].status.succeeded}']), '1', 'the migration ran to completion');
  for (const [name, replicas] of [['api', '2'], ['worker', '1'], ['web', '1']] as const) {
    assert.equal(kubectlOk(['get', 'deployment', name, '-n', ns, '-o', 'jsonpath={.status.readyReplicas}']), replicas, `${name} is ready`);
  }
  assert.notEqual(kubectl(['get', 'deployment', 'adminer', '-n', ns]).status, 0, 'a profile service stays off in the default environment');

  const live = slipway(['analyze', '--cluster', '-n', ns]);
  assert.equal(live.status, 0, live.stderr);
  const { graph } = graphCommand(loadStack(file), { environment: 'default' });
  assert.deepEqual(graph.edges.map((e) => `${e.from}->${e.to}`).sort(), ['api->cache', 'api->db', 'api->migrate', 'migrate->db', 'web->api', 'worker->cache', 'worker->db'], 'every compose dependency and env reference became an edge');
  for (const e of graph.edges) assert.match(live.stdout, new RegExp(`^${e.from} \\(.*\\) .*${e.wait ? '->' : '~>'} ${e.to}\\b`, 'm'), `${e.from} → ${e.to}`);

  dropNamespace(ns);

  // An environment is its own deployment (its own namespace): the profile's environment adds adminer.
  const debugNs = namespaceName('import-debug');
  const debug = slipway(['up', '-f', file, '-e', 'debug', '-n', debugNs, '--timeout', '240']);
  assert.equal(debug.status, 0, debug.stderr + debug.stdout);
  assert.equal(kubectlOk(['get', 'deployment', 'adminer', '-n', debugNs, '-o', 'jsonpath={.status.readyReplicas}']), '1', 'the debug profile adds adminer');
  const down = slipway(['down', '-f', file, '-e', 'debug', '-n', debugNs]);
  assert.equal(down.status, 0, down.stderr);
  dropNamespace(debugNs);
});
