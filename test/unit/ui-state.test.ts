/** slipway ui's state mapping: per-component state from the cluster's objects, as status and up read them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { K8sObject } from '../../src/k8s/object.js';
import type { StackGraph } from '../../src/model/graph.js';
import { componentStates, membersOf } from '../../src/ui/state.js';
import { eventsAbout } from '../../src/ui/details.js';

const NOW = new Date('2026-01-01T12:00:00Z');
const NS = 'shop';

function deployment(name: string, replicas: number, ready: number, extra: Record<string, unknown> = {}): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS, generation: 1, labels: { 'app.kubernetes.io/name': name }, creationTimestamp: '2026-01-01T11:00:00Z' },
    spec: { replicas, selector: { matchLabels: { 'app.kubernetes.io/name': name } } },
    status: { observedGeneration: 1, replicas, updatedReplicas: replicas, readyReplicas: ready, availableReplicas: ready, ...extra },
  };
}

function pod(component: string, name: string, status: Record<string, unknown>): K8sObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: NS, uid: `uid-${name}`, labels: { 'app.kubernetes.io/name': component }, creationTimestamp: '2026-01-01T11:59:00Z' }, spec: { containers: [{ name: component }] }, status };
}

const unschedulable = (component: string, name: string) =>
  pod(component, name, { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector." }] });

const GRAPH: StackGraph = {
  nodes: [
    { name: 'db', kind: 'infra', type: 'postgresql' },
    { name: 'mail', kind: 'infra', type: 'smtp', external: true },
    { name: 'api', kind: 'service' },
    { name: 'stuck', kind: 'service' },
    { name: 'web', kind: 'service', copies: { by: 'tenant', names: ['acme', 'globex'] } },
    { name: 'crashy', kind: 'worker' },
  ],
  edges: [],
};
const MEMBERS = new Map([['web', ['web-acme', 'web-globex']]]);

test('ready, stalled with the scheduler reason, missing, external, copies summed, restarts counted', () => {
  const live = {
    workloads: [deployment('api', 2, 2), deployment('stuck', 1, 0, { updatedReplicas: 1, availableReplicas: 0 }), deployment('web-acme', 1, 1), deployment('web-globex', 2, 1, { availableReplicas: 1 }), deployment('crashy', 1, 1)],
    pods: [
      unschedulable('stuck', 'stuck-1'),
      pod('web-globex', 'web-globex-1', { phase: 'Running', containerStatuses: [{ name: 'web', ready: true, restartCount: 2 }] }),
      pod('crashy', 'crashy-1', { phase: 'Running', containerStatuses: [{ name: 'crashy', ready: true, restartCount: 1 }] }),
    ],
    events: [],
  };
  const views = componentStates(GRAPH, MEMBERS, live, NOW);
  const by = new Map(views.map((v) => [v.name, v]));
  assert.deepEqual(views.map((v) => v.name), ['db', 'mail', 'api', 'stuck', 'web', 'crashy'], 'graph order');
  assert.equal(by.get('db')!.state, 'missing', 'no workload in the namespace');
  assert.equal(by.get('mail')!.state, 'external');
  assert.deepEqual([by.get('api')!.state, by.get('api')!.ready, by.get('api')!.desired], ['ready', 2, 2]);
  assert.equal(by.get('stuck')!.state, 'stalled');
  assert.match(by.get('stuck')!.problem ?? '', /^Unschedulable: 0\/3 nodes are available: .*node affinity\/selector.*\(pod stuck-1\)$/);
  const web = by.get('web')!;
  assert.deepEqual([web.state, web.ready, web.desired, web.restarts], ['progressing', 2, 3, 2], 'both tenant copies summed; one still rolling out');
  assert.deepEqual(web.workloads.map((w) => w.name), ['web-acme', 'web-globex']);
  assert.equal(by.get('crashy')!.restarts, 1);
  assert.equal(by.get('crashy')!.state, 'ready');
});

test('a crash loop past the limit is failed, a rollout past its deadline is failed', () => {
  const crashing = pod('api', 'api-1', { phase: 'Running', containerStatuses: [{ name: 'api', ready: false, restartCount: 5, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } }, lastState: { terminated: { exitCode: 1, reason: 'Error' } } }] });
  const graph: StackGraph = { nodes: [{ name: 'api', kind: 'service' }, { name: 'stuck', kind: 'service' }], edges: [] };
  const deadline = deployment('stuck', 1, 0, { availableReplicas: 0, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "stuck-1" has timed out progressing.' }] });
  const views = componentStates(graph, new Map(), { workloads: [deployment('api', 1, 0, { availableReplicas: 0 }), deadline], pods: [crashing], events: [] }, NOW);
  assert.equal(views[0]!.state, 'failed');
  assert.match(views[0]!.problem ?? '', /CrashLoopBackOff/);
  assert.equal(views[0]!.restarts, 5);
  assert.equal(views[1]!.state, 'failed');
});

test('no cluster: every component unknown except external infra; a ready one shows no old problem', () => {
  const views = componentStates(GRAPH, MEMBERS, undefined, NOW);
  assert.deepEqual(views.map((v) => v.state), ['unknown', 'external', 'unknown', 'unknown', 'unknown', 'unknown']);
  // An old FailedCreate about the ReplicaSet, now that its pod is placed and ready, is history, not the current state.
  const stale: K8sObject = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'api-5d4f.1', namespace: NS, creationTimestamp: '2026-01-01T11:30:00Z' },
    involvedObject: { kind: 'ReplicaSet', name: 'api-5d4f', namespace: NS },
    type: 'Warning',
    reason: 'FailedCreate',
    message: 'Error creating: pods "api-5d4f-" is forbidden: exceeded quota: compute',
    count: 3,
    lastTimestamp: '2026-01-01T11:30:00Z',
  } as K8sObject;
  const ready = componentStates({ nodes: [{ name: 'api', kind: 'service' }], edges: [] }, new Map(), { workloads: [deployment('api', 1, 1)], pods: [pod('api', 'api-1', { phase: 'Running', containerStatuses: [{ name: 'api', ready: true, restartCount: 0 }] })], events: [stale] }, NOW);
  assert.equal(ready[0]!.state, 'ready');
  assert.equal(ready[0]!.problem, undefined);
});

test('a Job is ready when complete; pods of another component never count', () => {
  const job: K8sObject = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: NS, labels: { 'app.kubernetes.io/name': 'migrate' } }, spec: { completions: 1, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u1' } } }, status: { succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] } };
  const graph: StackGraph = { nodes: [{ name: 'migrate', kind: 'job' }, { name: 'api', kind: 'service' }], edges: [] };
  const views = componentStates(graph, new Map(), { workloads: [job, deployment('api', 1, 1)], pods: [unschedulable('other', 'other-1')], events: [] }, NOW);
  assert.deepEqual(views.map((v) => [v.state, v.ready, v.desired]), [['ready', 1, 1], ['ready', 1, 1]]);
});

test('membersOf folds stamped copies back onto their stack entry', () => {
  const expanded: StackGraph = { nodes: [{ name: 'db', kind: 'infra' }, { name: 'web-acme', kind: 'service', base: 'web', tenant: 'acme' }, { name: 'web-globex', kind: 'service', base: 'web', tenant: 'globex' }], edges: [] };
  assert.deepEqual([...membersOf(expanded)], [['db', ['db']], ['web', ['web-acme', 'web-globex']]]);
});

test('eventsAbout: only events about the given names, newest first', () => {
  const ev = (name: string, object: string, last: string, type = 'Normal'): K8sObject => ({ apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: NS }, involvedObject: { kind: 'Pod', name: object }, type, reason: 'R', message: `m-${name}`, count: 2, lastTimestamp: last });
  const events = [ev('a', 'api-1', '2026-01-01T10:00:00Z'), ev('b', 'web-1', '2026-01-01T11:00:00Z'), ev('c', 'api-1', '2026-01-01T11:30:00Z', 'Warning')];
  assert.deepEqual(eventsAbout(events, new Set(['api-1'])).map((e) => [e.message, e.type, e.count]), [['m-c', 'Warning', 2], ['m-a', 'Normal', 2]]);
});

test('eventsAbout reads events.k8s.io/v1 events as explain() does: regarding, note, the series’ last time', () => {
  const series: K8sObject = { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 's', namespace: NS }, regarding: { kind: 'Pod', name: 'api-1' }, type: 'Warning', reason: 'BackOff', note: 'Back-off restarting failed container', eventTime: '2026-01-01T09:00:00Z', series: { count: 7, lastObservedTime: '2026-01-01T11:45:00Z' } } as K8sObject;
  const core: K8sObject = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'c', namespace: NS }, involvedObject: { kind: 'Pod', name: 'api-1' }, type: 'Normal', reason: 'Pulled', message: 'pulled', lastTimestamp: '2026-01-01T11:00:00Z' } as K8sObject;
  assert.deepEqual(eventsAbout([core, series], new Set(['api-1'])), [
    { type: 'Warning', reason: 'BackOff', object: 'Pod/api-1', message: 'Back-off restarting failed container', count: 7, last: '2026-01-01T11:45:00Z' },
    { type: 'Normal', reason: 'Pulled', object: 'Pod/api-1', message: 'pulled', count: 1, last: '2026-01-01T11:00:00Z' },
  ]);
});
