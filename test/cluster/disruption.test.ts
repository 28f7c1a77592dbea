/**
 * The production budgets against the real disruption controller and eviction API: the controller reads the
 * generated PodDisruptionBudget's selector as matching the Deployment's pods and allows exactly one eviction
 * of two replicas, and the eviction subresource accepts one — the budget never blocks a drain.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sleep } from '../../src/util/concurrency.js';
import { applyRendered, dropNamespace, kubectl, kubectlOk, namespaceName, waitAllReady, writeTemp } from './kube.js';

const STACK = `
name: shop
profile: production
services:
  api: {image: ghcr.io/acme/api:1.0.0, ports: {http: 8080}}
  busy: {kind: worker, image: ghcr.io/acme/busy:1.0.0, replicas: 3, disruption: {minAvailable: 1}}
`;

interface PdbStatus {
  expectedPods?: number;
  currentHealthy?: number;
  desiredHealthy?: number;
  disruptionsAllowed?: number;
}

async function settledStatus(ns: string, name: string, expectedPods: number): Promise<PdbStatus> {
  let status: PdbStatus = {};
  for (let i = 0; i < 120; i++) {
    status = (JSON.parse(kubectlOk(['get', 'pdb', name, '-n', ns, '-o', 'json'])) as { status?: PdbStatus }).status ?? {};
    if (status.expectedPods === expectedPods && status.currentHealthy === expectedPods) return status;
    await sleep(500);
  }
  assert.fail(`PodDisruptionBudget ${name} never saw ${expectedPods} healthy pods: ${JSON.stringify(status)}`);
}

test('production budgets: the disruption controller allows one eviction at a time, and the eviction API takes one', async () => {
  const ns = namespaceName('pdb');
  applyRendered(STACK, ns);
  waitAllReady(ns);

  const api = await settledStatus(ns, 'api', 2);
  assert.equal(api.desiredHealthy, 1);
  assert.equal(api.disruptionsAllowed, 1, 'maxUnavailable: 1 of 2 lets one go');
  assert.equal((await settledStatus(ns, 'busy', 3)).disruptionsAllowed, 2, 'minAvailable: 1 of 3 lets two go');

  const pod = kubectlOk(['get', 'pods', '-n', ns, '-l', 'app.kubernetes.io/name=api', '-o', 'jsonpath={.items[0].metadata.name}']).trim();
  const eviction = writeTemp('eviction.json', JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod, namespace: ns } }));
  const evicted = kubectl(['create', '--raw', `/api/v1/namespaces/${ns}/pods/${pod}/eviction`, '-f', eviction]);
  assert.equal(evicted.status, 0, `the budget lets one pod of two be evicted: ${evicted.stderr}`);
  dropNamespace(ns);
});
