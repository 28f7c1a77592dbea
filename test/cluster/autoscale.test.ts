/**
 * Autoscaling against the real API server and controller-manager: the HorizontalPodAutoscaler is accepted by
 * server-side apply and targets the Deployment, the HPA controller raises the Deployment to min, and a second
 * `up` leaves a count someone else set through the scale subresource (as the HPA does) alone.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { slipway, stackFile } from '../helpers.js';
import { dropNamespace, eventually, kubectlOk, namespaceName } from './kube.js';

const STACK = `name: shop
services:
  web:
    image: ghcr.io/acme/web:1.0.0
    ports: {http: 8080}
    autoscale: {min: 2, max: 10, cpu: 70}
`;

const replicas = (ns: string) => Number(kubectlOk(['get', 'deployment', 'web', '-n', ns, '-o', 'jsonpath={.spec.replicas}']));


test('the HPA targets the Deployment, owns its replicas, and a second up does not take them back', async () => {
  const ns = namespaceName('hpa');
  const file = stackFile(STACK);
  const first = slipway(['up', '-f', file, '-n', ns]);
  assert.equal(first.status, 0, first.stderr + first.stdout);

  const hpa = JSON.parse(kubectlOk(['get', 'hpa', 'web', '-n', ns, '-o', 'json'])) as { spec: { scaleTargetRef: unknown; minReplicas: number; maxReplicas: number } };
  assert.deepEqual(hpa.spec.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' });
  assert.deepEqual([hpa.spec.minReplicas, hpa.spec.maxReplicas], [2, 10]);
  // slipway wrote no count (the API server defaulted 1); the HPA controller brings it up to min.
  await eventually('the HPA controller never scaled web to min 2', () => replicas(ns) === 2);

  // What the HPA does when load rises: write the count through the scale subresource.
  kubectlOk(['patch', 'deployment', 'web', '-n', ns, '--subresource=scale', '--type=merge', '-p', '{"spec":{"replicas":3}}']);
  assert.equal(replicas(ns), 3);
  const second = slipway(['up', '-f', file, '-n', ns]);
  assert.equal(second.status, 0, second.stderr + second.stdout);
  assert.equal(replicas(ns), 3, 'up left the count the autoscaler chose');
  const fields = JSON.parse(kubectlOk(['get', 'deployment', 'web', '-n', ns, '--show-managed-fields', '-o', 'json'])) as {
    metadata: { managedFields: { manager: string; operation: string; fieldsV1?: { 'f:spec'?: Record<string, unknown> } }[] };
  };
  const mine = fields.metadata.managedFields.find((f) => f.manager === 'slipway' && f.operation === 'Apply');
  assert.ok(mine && !('f:replicas' in (mine.fieldsV1?.['f:spec'] ?? {})), 'slipway owns no spec.replicas');
  dropNamespace(ns);
});

test('switching a running Deployment to autoscale keeps its pods: the count is handed over, not reset to 1', async () => {
  const ns = namespaceName('hpa-switch');
  const file = stackFile(STACK.replace('autoscale: {min: 2, max: 10, cpu: 70}', 'replicas: 4'));
  const fixed = slipway(['up', '-f', file, '-n', ns]);
  assert.equal(fixed.status, 0, fixed.stderr + fixed.stdout);
  assert.equal(replicas(ns), 4);
  writeFileSync(file, STACK);
  const scaled = slipway(['up', '-f', file, '-n', ns]);
  assert.equal(scaled.status, 0, scaled.stderr + scaled.stdout);
  // Without the handover the API server would have defaulted the dropped field to 1 (and the HPA raised it to 2).
  assert.equal(replicas(ns), 4, 'the four running pods stay: 4 is within 2..10, so the HPA keeps it too');
  const again = slipway(['up', '-f', file, '-n', ns]);
  assert.equal(again.status, 0, again.stderr + again.stdout);
  assert.match(again.stdout, /up to date \(no changes\)/, 'the handover manager is slipway\'s own: the next up has nothing to do');
  assert.equal(replicas(ns), 4);
  dropNamespace(ns);
});
