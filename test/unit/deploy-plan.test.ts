import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { K8sObject } from '../../src/k8s/object.js';
import type { StackGraph } from '../../src/model/graph.js';
import { ownerLabels } from '../../src/model/ownership.js';
import type { History, Revision } from '../../src/model/revision.js';
import { assembleDeployPlan, inventoryKinds, stackHash, type Desired } from '../../src/plan/deploy-plan.js';
import { formatPlan } from '../../src/plan/print.js';
import { deletionGroups, pruneKinds, pruneSet } from '../../src/plan/prune.js';
import { PRUNABLE_KINDS } from '../../src/k8s/kinds/index.js';
import { formatGraph } from '../../src/graph/print-text.js';

const owner = { stack: 'shop', environment: 'dev', namespace: 'shop-dev' };
const labels = (component?: string) => ({ ...ownerLabels(owner), ...(component ? { 'app.kubernetes.io/name': component } : {}) });
const obj = (apiVersion: string, kind: string, name: string, component?: string): K8sObject => ({ apiVersion, kind, metadata: { name, namespace: 'shop-dev', labels: labels(component) } });

const graph: StackGraph = {
  nodes: [
    { name: 'db', kind: 'infra' },
    { name: 'slow', kind: 'service', timeoutSeconds: 30 },
    { name: 'api', kind: 'service' },
  ],
  edges: [
    { from: 'api', to: 'db', wait: true },
    { from: 'api', to: 'slow', wait: false },
  ],
};
const objects = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop-dev', labels: labels() } },
  obj('v1', 'ServiceAccount', 'api', 'api'),
  obj('v1', 'Service', 'db', 'db'),
  obj('apps/v1', 'StatefulSet', 'db', 'db'),
  obj('apps/v1', 'Deployment', 'slow', 'slow'),
  obj('apps/v1', 'Deployment', 'api', 'api'),
  obj('networking.k8s.io/v1', 'Ingress', 'api', 'api'),
];
const fresh: Desired = { graph, objects };
const NOW = new Date('2025-01-02T03:04:05Z');

function rev(revision: number, status: Revision['status'], objs: K8sObject[] = objects, extra: Partial<Revision> = {}): Revision {
  return { revision, stack: 'shop', environment: 'dev', stackHash: stackHash(objs), user: 'ci', startedAt: '2025-01-01T00:00:00.000Z', status, graph, objects: objs, ...extra };
}
const history = (revisions: Revision[], rejected: History['rejected'] = []): History => ({ revisions, rejected });

test('a first up: revision 1, namespace created, waves carry prerequisites, nothing to prune', () => {
  const plan = assembleDeployPlan({ owner, fresh, history: history([]), live: [], namespace: 'create', now: NOW, user: 'me' });
  assert.equal(
    formatPlan(plan),
    `plan for shop/dev in namespace shop-dev
revision: 1, stack hash ${plan.stackHash.slice(0, 12)}
namespace: create (marked as created by slipway)
wave 1: identity, config and services
  ServiceAccount/api, Service/db
wave 2: components, level 0
  db: StatefulSet/db (wait)
  slow: Deployment/slow (wait 30s)
wave 3: components, level 1
  api: Deployment/api (wait) after db
wave 4: routing and policies
  Ingress/api
prune: nothing
`,
  );
  assert.deepEqual({ ...plan.revision, objects: undefined, graph: undefined }, { revision: 1, stack: 'shop', environment: 'dev', stackHash: plan.stackHash, user: 'me', startedAt: '2025-01-02T03:04:05.000Z', status: 'pending', objects: undefined, graph: undefined });
});

test('same content as the deployed revision: unchanged, no record, no history changes', () => {
  const plan = assembleDeployPlan({ owner, fresh, history: history([rev(1, 'superseded'), rev(2, 'deployed')]), live: objects.slice(1), now: NOW, user: 'me' });
  assert.equal(plan.unchanged, true);
  assert.equal(plan.revision, undefined);
  assert.deepEqual([plan.supersede, plan.trim, plan.prune], [[], [], []]);
  assert.match(formatPlan(plan), /^revision: none \(same content as the deployed revision\)$/m);
});

test('a removed component is pruned (same set for up and diff); stale pending runs are interrupted; refused records keep their numbers', () => {
  const old = [...objects, obj('apps/v1', 'Deployment', 'gone', 'gone'), obj('example.com/v1', 'Widget', 'gone', 'gone')];
  const live = [...objects.slice(1), obj('apps/v1', 'Deployment', 'gone', 'gone'), obj('example.com/v1', 'Widget', 'gone', 'gone')];
  const plan = assembleDeployPlan({
    owner,
    fresh,
    history: history([rev(1, 'deployed', old), rev(2, 'pending', old)], [{ name: 'slipway.shop.dev.v7', revision: 7, reason: 'signature does not match' }]),
    live,
    now: NOW,
    user: 'me',
  });
  const text = formatPlan(plan);
  assert.match(text, /^revision: 8, /m);
  assert.match(text, /\nprune:\n  Deployment\/shop-dev\/gone\n  Widget\/shop-dev\/gone\nmark superseded: 1\nmark interrupted \(left pending by a run that is gone\): 2\nskipped record slipway\.shop\.dev\.v7: signature does not match\n$/);
  assert.deepEqual(pruneSet(objects, live), plan.prune);
  // Groups delete routing first and the workloads of removed components before anything they use.
  assert.deepEqual(deletionGroups(plan.prune, plan.pruneOrder).map((g) => g.map((o) => o.kind)), [['Widget'], ['Deployment']]);
});

test('prune kinds: the table plus every namespaced kind a revision applied', () => {
  const h = history([rev(1, 'superseded', [...objects, obj('example.com/v1', 'Gadget', 'x')]), rev(2, 'deployed', [...objects, obj('example.com/v1', 'Widget', 'x')])]);
  assert.deepEqual(inventoryKinds(h).slice(PRUNABLE_KINDS.length), [
    ['example.com/v1', 'Gadget'],
    ['example.com/v1', 'Widget'],
  ]);
  assert.deepEqual(pruneKinds([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } }]), [...PRUNABLE_KINDS]);
});

test('trimming keeps ten real revisions; interrupted runs never crowd them out', () => {
  const revisions = [...Array.from({ length: 10 }, (_, i) => rev(i + 1, i === 9 ? 'deployed' : 'superseded')), ...Array.from({ length: 6 }, (_, i) => rev(i + 11, 'interrupted'))];
  const plan = assembleDeployPlan({ owner, fresh: { graph, objects: objects.slice(0, 3) }, history: history(revisions), live: [], now: NOW, user: 'me' });
  assert.equal(plan.revision!.revision, 17);
  // Revision 1 (the oldest real one) and interrupted 11–13 go; real 2–10, the new 17 and interrupted 14–16 stay.
  assert.deepEqual(plan.trim, [1, 11, 12, 13]);
});

test('rollback: the previous deployed revision, its own graph; refused or outside-the-stack targets stop the plan', () => {
  const older = [...objects.slice(0, 4)];
  const plan = assembleDeployPlan({ owner, fresh, history: history([rev(1, 'superseded', older), rev(2, 'deployed')]), live: objects.slice(1), rollbackTo: 'previous', now: NOW, user: 'me' });
  assert.equal(plan.rollbackOf, 1);
  assert.match(formatPlan(plan), /^revision: 3 \(rollback to 1\), /m);
  assert.deepEqual(plan.prune.map((o) => o.metadata.name), ['api', 'slow', 'api']);
  assert.throws(
    () => assembleDeployPlan({ owner, fresh, history: history([rev(2, 'deployed')], [{ name: 'slipway.shop.dev.v1', revision: 1, reason: 'revision data is not gzip' }]), live: [], rollbackTo: 1, now: NOW, user: 'me' }),
    /revision 1 of shop\/dev is refused: slipway\.shop\.dev\.v1: revision data is not gzip/,
  );
  const planted = [
    ...objects,
    { ...obj('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'own-the-cluster'), metadata: { name: 'own-the-cluster', labels: labels() } },
    { ...obj('apps/v1', 'Deployment', 'miner'), metadata: { name: 'miner', namespace: 'kube-system', labels: labels() } },
    { ...obj('apps/v1', 'Deployment', 'quiet'), metadata: { name: 'quiet', namespace: 'shop-dev' } },
    obj('example.com/v1', 'Backdoor', 'x'),
  ];
  assert.throws(
    () => assembleDeployPlan({ owner, fresh, history: history([rev(1, 'superseded', planted), rev(2, 'deployed')]), live: [], rollbackTo: 1, now: NOW, user: 'me' }),
    (e: Error) => {
      const text = JSON.stringify(e);
      for (const line of ['ClusterRoleBinding/own-the-cluster: outside the namespace shop-dev', 'Deployment/kube-system/miner: outside the namespace shop-dev', 'Deployment/shop-dev/quiet: lacks the ownership labels of shop/dev', 'Backdoor/shop-dev/x: kind example.com/v1/Backdoor is neither'])
        assert.ok(text.includes(line), `${line} in ${text}`);
      return true;
    },
  );
});

test('graph printer: apply order, kinds, waits and address-only uses', () => {
  assert.equal(formatGraph(graph), 'db (infra)\nslow (service, timeout 30s)\napi (service) -> db ~> slow\n');
});
