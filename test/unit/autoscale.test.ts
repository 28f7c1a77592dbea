/** Autoscaling: the HPA per environment, a Deployment that leaves replicas to it, and budgets and spread that follow the range. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generate } from '../../src/generate/generate.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { parseStack } from '../../src/load/load-stack.js';
import { diagnose } from '../helpers.js';
import { resolvedOf } from '../stacks.js';

const STACK = `
name: shop
services:
  web: {image: ghcr.io/acme/web:1.0.0, ports: {http: 8080}}
  worker: {kind: worker, image: ghcr.io/acme/worker:1.0.0}
environments:
  dev:
    services:
      web: {replicas: 1}
  prod:
    profile: production
    services:
      web: {autoscale: {min: 2, max: 10, cpu: 70}}
      worker: {autoscale: {min: 1, max: 4, memory: 80}}
`;

const objectsOf = (env: string) => generate(resolvedOf(parseStack(STACK, 'slipway.yaml'), env)).objects;
const find = (objs: K8sObject[], kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name) as (K8sObject & { spec: Record<string, unknown> }) | undefined;

test('autoscale is per environment: prod gets HPAs, dev a fixed count and none', () => {
  const dev = objectsOf('dev');
  assert.equal(dev.filter((o) => o.kind === 'HorizontalPodAutoscaler').length, 0);
  assert.equal(find(dev, 'Deployment', 'web')?.spec.replicas, 1);
  const prod = objectsOf('prod');
  assert.deepEqual(find(prod, 'HorizontalPodAutoscaler', 'web')?.spec, {
    maxReplicas: 10,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    minReplicas: 2,
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
  });
  assert.equal(find(prod, 'HorizontalPodAutoscaler', 'worker')?.spec.minReplicas, 1);
});

test('an autoscaled Deployment writes no replicas, so server-side apply never takes the count back from the HPA', () => {
  const prod = objectsOf('prod');
  for (const name of ['web', 'worker']) assert.ok(!('replicas' in find(prod, 'Deployment', name)!.spec), `${name} leaves replicas to its HPA`);
});

test('budgets and spread follow the range: min 1 to max 4 still gets a budget and spread, min measures minAvailable', () => {
  const prod = objectsOf('prod');
  assert.deepEqual(find(prod, 'PodDisruptionBudget', 'worker')?.spec.maxUnavailable, 1);
  const template = find(prod, 'Deployment', 'worker')!.spec.template as { spec: Record<string, unknown> };
  assert.ok(template.spec.topologySpreadConstraints, 'spread while the HPA may add pods');
  const blocked = diagnose(`${STACK}      web: {autoscale: {min: 2, max: 10, cpu: 70}, disruption: {minAvailable: 2}}\n`.replace('      web: {autoscale: {min: 2, max: 10, cpu: 70}}\n', ''));
  assert.deepEqual(blocked.map((d) => d.code), ['disruption-blocks-eviction'], 'minAvailable: 2 at min 2 blocks drains');
});

test('replicas beside autoscale is a warning, and the count is the autoscaler\'s', () => {
  const text = STACK.replace('web: {replicas: 1}', 'web: {replicas: 1}\n  prod2:\n    services:\n      web: {replicas: 3, autoscale: {min: 2, max: 5, cpu: 70}}');
  const diags = diagnose(text);
  assert.deepEqual(diags.map((d) => [d.code, d.severity]), [['replicas-with-autoscale', 'warning']]);
  const web = find(generate(resolvedOf(parseStack(text, 'slipway.yaml'), 'prod2')).objects, 'Deployment', 'web')!;
  assert.ok(!('replicas' in web.spec));
});
