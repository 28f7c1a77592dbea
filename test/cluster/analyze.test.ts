/**
 * `analyze --cluster` on a live namespace: apply an example's prod render to the real API server, let its
 * controllers create the ReplicaSets, Pods and Jobs, then analyse the namespace through the API. The live map
 * equals the map of the manifests (controller-made objects are read through their owners), and it recovers
 * every edge of the stack's own graph — for every example and fixture.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeObjects } from '../../src/analyze/analyze.js';
import { renderStack } from '../../src/commands/render.js';
import { buildGraph } from '../../src/graph/build.js';
import { formatGraph } from '../../src/graph/print-text.js';
import { loadStack } from '../../src/load/load-stack.js';
import { slipway } from '../helpers.js';
import { STACKS } from '../stacks.js';
import { dropNamespace, namespaceName, provideNodePools, serverSideApply, waitAllReady, writeTemp } from './kube.js';
import { toYaml } from '../../src/emit/yaml.js';

for (const { name: example, file } of STACKS) {
  test(`analyze --cluster of ${example} prod equals the analysis of its manifests and recovers its graph`, () => {
    const ns = namespaceName(`analyze-${example}`.slice(0, 20));
    const rendered = renderStack(loadStack(file), { environment: 'prod', namespace: ns });
    provideNodePools(rendered.objects);
    // The stack's namespace, and a log agent's own beside it (clickvisual): the live map reads both, as the
    // manifests hold both.
    const namespaces = rendered.objects.filter((o) => o.kind === 'Namespace');
    const names = namespaces.map((n) => n.metadata.name).join(',');
    assert.equal(serverSideApply(writeTemp('ns.yaml', toYaml(namespaces))).status, 0);
    const applied = serverSideApply(writeTemp('objects.yaml', toYaml(rendered.objects.filter((o) => o.kind !== 'Namespace'))));
    assert.equal(applied.status, 0, applied.stderr);
    for (const n of namespaces) waitAllReady(n.metadata.name, '240s');

    const live = slipway(['analyze', '--cluster', '-n', names, '--expand']);
    assert.equal(live.status, 0, live.stderr);
    assert.equal(live.stdout, formatGraph(analyzeObjects(rendered.objects).graph), 'live namespace and manifests give one map');
    for (const e of buildGraph(rendered.resolved).edges) {
      const external = rendered.resolved.infra.find((i) => i.name === e.to)?.external;
      if (external) continue; // named by host on the analysed side; the unit round trip maps those
      assert.match(live.stdout, new RegExp(`^${e.from} \\(.*\\) .*${e.wait ? '->' : '~>'} ${e.to}\\b`, 'm'), `${e.from} → ${e.to}`);
    }
    const mermaid = slipway(['analyze', '--cluster', '-n', names, '-o', 'mermaid']);
    assert.equal(mermaid.status, 0, mermaid.stderr);
    assert.ok(mermaid.stdout.startsWith('flowchart LR\n'));
    for (const n of namespaces) dropNamespace(n.metadata.name);
  });
}
