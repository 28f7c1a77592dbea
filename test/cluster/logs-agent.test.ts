/**
 * The fluent-bit log agent through `slipway up` and `down` against the real control plane: its namespace is created
 * at the privileged Pod Security level while the app namespace stays restricted, the DaemonSet goes Ready with one
 * pod per (kwok) node, its ServiceAccount may read exactly the app namespace's pods, `down` removes the namespace it
 * created; and a namespace of that name slipway did not create stops `up` before anything is written.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { slipway, stackFile } from '../helpers.js';
import { dropNamespace, kubectl, kubectlOk, namespaceName } from './kube.js';

const STACK = `name: logs
services:
  api: {image: ghcr.io/acme/api:1.0.0, ports: {http: 8080}}
infra:
  loki: {type: loki}
  agent: {type: fluent-bit}
observability:
  logs: {}
`;

const json = (args: string[]) => JSON.parse(kubectlOk([...args, '-o', 'json'])) as Record<string, any>;
const exists = (kind: string, name: string, ns?: string) => kubectl(['get', kind, name, ...(ns ? ['-n', ns] : [])]).status === 0;

describe('log agent', () => {
  test('up runs it Ready in a privileged namespace of its own, down removes that namespace', () => {
    const ns = namespaceName('logs-agent');
    const agentNs = `${ns}-logs`;
    const file = stackFile(STACK);
    try {
      const up = slipway(['up', file, '-n', ns]);
      assert.equal(up.status, 0, up.stdout + up.stderr);
      assert.match(up.stderr + up.stdout, new RegExp(`the log agent agent runs in namespace ${agentNs} at the privileged Pod Security level because it reads node log files through hostPath; namespace ${ns} stays restricted`));

      const labels = json(['get', 'namespace', agentNs]).metadata.labels as Record<string, string>;
      assert.equal(labels['pod-security.kubernetes.io/enforce'], 'privileged');
      assert.equal(labels['pod-security.kubernetes.io/warn'], 'baseline');
      assert.equal(json(['get', 'namespace', ns]).metadata.labels['pod-security.kubernetes.io/enforce'], 'restricted', 'the app namespace stays restricted');

      const nodes = (json(['get', 'nodes']).items as unknown[]).length;
      const ds = json(['get', 'daemonset', 'agent', '-n', agentNs]);
      assert.ok(nodes > 0);
      assert.equal(ds.status.desiredNumberScheduled, nodes, 'one pod per node');
      assert.equal(ds.status.numberReady, nodes, 'up waited until every pod was ready');

      // The kubernetes filter's access: get on the app namespace's pods, nothing else.
      const as = ['--as', `system:serviceaccount:${agentNs}:agent`];
      const can = (verb: string, resource: string, where: string) => kubectl(['auth', 'can-i', verb, resource, '-n', where, ...as]).stdout.trim();
      assert.equal(can('get', 'pods', ns), 'yes');
      assert.equal(can('list', 'pods', ns), 'no');
      assert.equal(can('get', 'secrets', ns), 'no');
      assert.equal(can('get', 'pods', 'default'), 'no');

      const rows = JSON.parse(slipway(['status', file, '-n', ns, '-o', 'json']).stdout) as { component: string; kind: string; ready: number; desired: number }[];
      assert.deepEqual(
        rows.filter((r) => r.component === 'agent').map((r) => [r.kind, r.ready, r.desired]),
        [['DaemonSet', nodes, nodes]],
        'status lists the agent from its own namespace',
      );
      const again = slipway(['up', file, '-n', ns]);
      assert.equal(again.status, 0, again.stderr);
      assert.doesNotMatch(again.stdout + again.stderr, /deleted/, 'nothing of either namespace is pruned by the other');

      const down = slipway(['down', file, '-n', ns]);
      assert.equal(down.status, 0, down.stderr);
      const gone = kubectl(['get', 'namespace', agentNs, '-o', 'jsonpath={.status.phase}']);
      assert.ok(gone.status !== 0 || gone.stdout === 'Terminating', `the agent namespace is deleted: ${gone.stdout}`);
      assert.ok(!exists('daemonset', 'agent', agentNs));
      assert.ok(!exists('role', 'agent-read-pods', ns), "the Role in the app namespace goes with the agent");
    } finally {
      dropNamespace(ns);
      dropNamespace(agentNs);
    }
  });

  test('a <namespace>-logs slipway did not create stops up before anything is written, and is left as it was', () => {
    const ns = namespaceName('logs-foreign');
    const agentNs = `${ns}-logs`;
    try {
      kubectlOk(['create', 'namespace', agentNs]);
      kubectlOk(['label', 'namespace', agentNs, 'team=platform']);
      const before = json(['get', 'namespace', agentNs]).metadata;
      const up = slipway(['up', stackFile(STACK), '-n', ns]);
      assert.equal(up.status, 2, up.stdout + up.stderr);
      assert.match(up.stderr, new RegExp(`namespace ${agentNs} exists and was not created by slipway`));
      assert.match(up.stderr, /infra\.agent\.options\.namespace/);
      assert.doesNotMatch(up.stderr, /\n\s+at .*\.js:\d+/, 'no stack trace');
      const after = json(['get', 'namespace', agentNs]).metadata;
      assert.deepEqual(after.labels, before.labels, 'labels untouched');
      assert.deepEqual(after.annotations ?? {}, before.annotations ?? {}, 'not marked as slipway\'s');
      assert.equal(after.resourceVersion, before.resourceVersion, 'not written at all');
      assert.equal((json(['get', 'all', '-n', agentNs]).items as unknown[]).length, 0, 'nothing deployed into it');
      assert.ok(!exists('namespace', ns), 'the app namespace was not created either');
    } finally {
      dropNamespace(ns);
      dropNamespace(agentNs);
    }
  });
});
