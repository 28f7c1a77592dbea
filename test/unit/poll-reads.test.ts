/**
 * `up` reads workloads for readiness once per stretch in which nothing changed: a no-op run over several levels
 * lists them once, a run that changes something (or leaves a component waiting) lists them again. Pods are read
 * only to explain a component that is slow or failed, never when every workload's status says ready.
 * An in-memory port: what is checked is how often the engine asks, not API-server behaviour.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClusterPort } from '../../src/cluster/port.js';
import { liveState, withAppliedHash, type Before } from '../../src/lifecycle/engine.js';
import { executeWaves } from '../../src/lifecycle/execute.js';
import { pollReady, type Waiting } from '../../src/lifecycle/wait.js';
import { refKey, refOf, type K8sObject } from '../../src/k8s/object.js';
import type { Wave } from '../../src/plan/waves.js';

const NS = 'shop';

function deployment(name: string): K8sObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: NS }, spec: { replicas: 1, selector: { matchLabels: { app: name } } } } as K8sObject;
}

const READY = { observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 };

/** Three components, each waiting for the one before: three levels. */
const NAMES = ['a', 'b', 'c'];
const WAVES: Wave[] = NAMES.map((name, i) => ({ name: `level ${i}`, steps: [{ component: name, objects: [deployment(name)], wait: true, ...(i ? { after: [NAMES[i - 1]!] } : {}) }] }));

function port(opts: { readyAfterLists?: number } = {}) {
  const lists: string[] = [];
  let deploymentLists = 0;
  const live = (o: K8sObject, ready: boolean): K8sObject => ({ ...withAppliedHash(o), metadata: { ...withAppliedHash(o).metadata, generation: 1, resourceVersion: '1' }, status: ready ? READY : { observedGeneration: 1, replicas: 1, updatedReplicas: 1 } }) as K8sObject;
  const client = {
    context: 'test',
    list: async (apiVersion: string, kind: string) => {
      lists.push(kind);
      if (kind !== 'Deployment') return [];
      deploymentLists += 1;
      return NAMES.map((n) => live(deployment(n), deploymentLists > (opts.readyAfterLists ?? 0)));
    },
    apply: async (o: K8sObject) => live(o, true),
    get: async () => undefined,
  } as unknown as ClusterPort;
  return { client, lists };
}

/** The live state a previous `up` left: every object as last applied, nobody else touched it. */
function unchanged(): Before {
  return new Map(WAVES.flatMap((w) => w.steps.flatMap((s) => s.objects)).map((o) => [refKey(refOf(o)), liveState({ ...withAppliedHash(o), metadata: { ...withAppliedHash(o).metadata, resourceVersion: '1' } })]));
}

const count = (lists: string[], kind: string) => lists.filter((k) => k === kind).length;

test('a no-op run over three levels reads the workloads once and no pods', async () => {
  const { client, lists } = port();
  const actions = await executeWaves(client, WAVES, { before: unchanged() }, () => undefined);
  assert.deepEqual(actions, ['unchanged', 'unchanged', 'unchanged']);
  assert.equal(count(lists, 'Pod'), 0);
  assert.equal(count(lists, 'Deployment'), 1);
});

test('a run that changes each level reads again after each change', async () => {
  const { client, lists } = port();
  const actions = await executeWaves(client, WAVES, {}, () => undefined);
  assert.deepEqual(actions, ['created', 'created', 'created']);
  assert.equal(count(lists, 'Pod'), 0);
  assert.equal(count(lists, 'Deployment'), 3);
});

test('a component still waiting is polled with fresh reads', async () => {
  const { client, lists } = port({ readyAfterLists: 1 });
  await executeWaves(client, WAVES, { before: unchanged() }, () => undefined);
  // The first poll finds a not ready; the second (fresh) finds it ready; b and c reuse that second read.
  assert.equal(count(lists, 'Deployment'), 2);
  // Waiting for under two seconds is not slow: nothing to explain yet.
  assert.equal(count(lists, 'Pod'), 0);
});

const waitingFor = (name: string, sinceMs: number): Waiting => ({ component: name, objects: [deployment(name)], started: Date.now() - sinceMs, limit: 300_000, last: '' });

test('a component waiting for a while is explained from its pods and the events', async () => {
  const { client, lists } = port({ readyAfterLists: 5 });
  const said: string[] = [];
  const ready = await pollReady(client, [waitingFor('a', 5_000)], (e) => said.push(e.type));
  assert.deepEqual(ready, []);
  assert.deepEqual(said, ['waiting']);
  assert.equal(count(lists, 'Pod'), 1);
  assert.equal(count(lists, 'Event'), 1);
});

test('a slow component that turns out ready needs no pods or events', async () => {
  const { client, lists } = port();
  assert.deepEqual(await pollReady(client, [waitingFor('a', 5_000)], () => undefined), ['a']);
  assert.equal(count(lists, 'Pod'), 0);
  assert.equal(count(lists, 'Event'), 0);
});
