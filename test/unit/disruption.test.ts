/** Disruption budgets and spread: the production defaults, the per-environment overrides, and what blocks a drain. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generate } from '../../src/generate/generate.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { parseStack } from '../../src/load/load-stack.js';
import { blocksEvictions } from '../../src/model/disruption.js';
import { diagnose } from '../helpers.js';
import { resolvedOf } from '../stacks.js';

const STACK = `
name: shop
services:
  api: {image: ghcr.io/acme/api:1.0.0, ports: {http: 8080}, uses: [events]}
  solo: {image: ghcr.io/acme/solo:1.0.0, replicas: 1}
  busy: {kind: worker, image: ghcr.io/acme/busy:1.0.0, replicas: 3}
  nightly: {kind: cron, image: ghcr.io/acme/nightly:1.0.0, schedule: "0 3 * * *"}
  once: {kind: job, image: ghcr.io/acme/once:1.0.0}
  logs: {kind: agent, image: ghcr.io/acme/logs:1.0.0}
infra:
  events: {type: kafka}
environments:
  dev: {}
  prod:
    profile: production
  prod-lean:
    profile: production
    services:
      api: {disruption: false, spread: false}
      busy: {disruption: {minAvailable: 2}}
    infra:
      events: {spread: false}
  staging:
    services:
      busy: {disruption: {maxUnavailable: "25%"}, spread: true}
`;

const objectsOf = (env: string) => generate(resolvedOf(parseStack(STACK, 'slipway.yaml'), env)).objects;
const budgets = (objs: K8sObject[]) => Object.fromEntries(objs.filter((o) => o.kind === 'PodDisruptionBudget').map((o) => [o.metadata.name, (o as unknown as { spec: Record<string, unknown> }).spec]));
const podSpec = (objs: K8sObject[], kind: string, name: string) => {
  const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
  assert.ok(o, `${kind}/${name}`);
  return (o as unknown as { spec: { template: { spec: Record<string, unknown> } } }).spec.template.spec;
};
const selector = (name: string) => ({ matchLabels: { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/name': name } });

test('production: one pod at a time for every replicated Deployment and StatefulSet, none for one pod, Jobs, CronJobs or DaemonSets', () => {
  const b = budgets(objectsOf('prod'));
  assert.deepEqual(Object.keys(b).sort(), ['api', 'busy', 'events']);
  for (const name of ['api', 'busy', 'events']) {
    assert.deepEqual(b[name], { maxUnavailable: 1, selector: selector(name), unhealthyPodEvictionPolicy: 'AlwaysAllow' });
  }
});

test('production: replicated Deployments spread softly over zones then nodes and prefer separate nodes; Kafka too', () => {
  const objs = objectsOf('prod');
  assert.deepEqual(podSpec(objs, 'Deployment', 'api').topologySpreadConstraints, [
    { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector('api') },
    { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector('api') },
  ]);
  assert.deepEqual(podSpec(objs, 'Deployment', 'api').affinity, {
    podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: selector('api') } }] },
  });
  assert.equal(podSpec(objs, 'Deployment', 'solo').topologySpreadConstraints, undefined, 'one pod has nothing to spread');
  assert.equal(podSpec(objs, 'Deployment', 'solo').affinity, undefined);
  const kafka = podSpec(objs, 'StatefulSet', 'events').affinity as { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: { weight: number; podAffinityTerm: { topologyKey: string; labelSelector: unknown } }[] } };
  assert.deepEqual(
    kafka.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution.map((t) => [t.weight, t.podAffinityTerm.topologyKey]),
    [[100, 'kubernetes.io/hostname'], [50, 'topology.kubernetes.io/zone']],
  );
  assert.deepEqual(kafka.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]!.podAffinityTerm.labelSelector, selector('events'));
  assert.equal(podSpec(objs, 'StatefulSet', 'events').topologySpreadConstraints, undefined);
});

test('the default profile adds nothing, even for replicas > 1: budgets and spread are opt-in outside production', () => {
  const objs = objectsOf('dev');
  assert.deepEqual(budgets(objs), {});
  assert.equal(podSpec(objs, 'Deployment', 'busy').topologySpreadConstraints, undefined);
  assert.equal(podSpec(objs, 'Deployment', 'busy').affinity, undefined);
});

test('an environment overrides the profile: turned off, a different bound, or opted in', () => {
  const lean = objectsOf('prod-lean');
  assert.deepEqual(Object.keys(budgets(lean)).sort(), ['busy', 'events']);
  assert.equal(budgets(lean).busy!.minAvailable, 2);
  assert.equal(budgets(lean).busy!.maxUnavailable, undefined);
  assert.equal(podSpec(lean, 'Deployment', 'api').topologySpreadConstraints, undefined);
  assert.equal(podSpec(lean, 'StatefulSet', 'events').affinity, undefined);
  const staging = objectsOf('staging');
  assert.deepEqual(budgets(staging), { busy: { maxUnavailable: '25%', selector: selector('busy'), unhealthyPodEvictionPolicy: 'AlwaysAllow' } });
  assert.equal((podSpec(staging, 'Deployment', 'busy').topologySpreadConstraints as unknown[]).length, 2);
});

test('a budget blocks evictions when it keeps every pod, counting percentages as the disruption controller does (rounded up)', () => {
  assert.equal(blocksEvictions({ maxUnavailable: 1 }, 2), undefined);
  assert.match(blocksEvictions({ maxUnavailable: 0 }, 2)!, /lets no pod be evicted/);
  assert.match(blocksEvictions({ maxUnavailable: '0%' }, 5)!, /lets no pod be evicted/);
  assert.equal(blocksEvictions({ maxUnavailable: '10%' }, 2), undefined, '10% of 2 rounds up to 1');
  assert.equal(blocksEvictions({ minAvailable: 2 }, 3), undefined);
  assert.match(blocksEvictions({ minAvailable: 3 }, 3)!, /keeps all 3/);
  assert.match(blocksEvictions({ minAvailable: 5 }, 3)!, /keeps all 3/);
  assert.equal(blocksEvictions({ minAvailable: '50%' }, 2), undefined);
  assert.match(blocksEvictions({ minAvailable: '51%' }, 2)!, /keeps all 2/);
});

test('a blocking budget set in an environment is one located error against that environment', () => {
  const text = `${STACK}  broken:\n    profile: production\n    services:\n      api: {disruption: {minAvailable: 2}}\n`;
  const ds = diagnose(text, ['broken']);
  assert.equal(ds.length, 1, ds.map((d) => d.message).join('\n'));
  assert.equal(ds[0]!.code, 'disruption-blocks-eviction');
  assert.match(ds[0]!.message, /with 2 replicas/);
  assert.ok(ds[0]!.line && ds[0]!.hint);
  assert.deepEqual(diagnose(text, ['prod']), []);
});

test('the schema refuses a bound that is neither a count nor a percentage', () => {
  const ds = diagnose('name: shop\nservices:\n  api: {image: a/b:1, replicas: 2, disruption: {maxUnavailable: "one"}}\n');
  assert.equal(ds.length, 1);
  assert.equal(ds[0]!.message, 'must be a pod count (e.g. 1) or a percentage (e.g. 25%)');
});
