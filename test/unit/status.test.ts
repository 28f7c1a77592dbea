import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { K8sObject } from '../../src/k8s/object.js';
import { age, formatStatus, humanDuration, statusRows } from '../../src/lifecycle/status.js';

const NOW = new Date('2024-05-06T12:00:00Z');
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

test('ages read like kubectl', () => {
  const cases: [number, string][] = [
    [-1500, '0s'],
    [-3 * S, '<invalid>'],
    [45 * S, '45s'],
    [119 * S, '119s'],
    [7 * M + 30 * S, '7m30s'],
    [8 * M, '8m'],
    [12 * M + 40 * S, '12m'],
    [179 * M, '179m'],
    [3 * H, '3h'],
    [5 * H + 12 * M, '5h12m'],
    [20 * H + 59 * M, '20h'],
    [5 * D, '5d'],
    [5 * D + 4 * H, '5d4h'],
    [40 * D + 7 * H, '40d'],
    [730 * D, '2y'],
    [3 * 365 * D + 10 * D, '3y10d'],
    [9 * 365 * D, '9y'],
  ];
  for (const [ms, expected] of cases) assert.equal(humanDuration(ms), expected, `${ms}ms`);
  assert.equal(age({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', creationTimestamp: '2024-05-06T11:48:00Z' } }, NOW), '12m');
  assert.equal(age({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }, NOW), '<unknown>');
});

function pod(name: string, restarts: number[], status: Record<string, unknown> = {}, initRestarts: number[] = []): K8sObject {
  const cs = (n: number, i: number) => ({ name: `c${i}`, image: 'ghcr.io/acme/api:1.4.3', imageID: '', ready: true, started: true, restartCount: n, state: { running: { startedAt: '2024-05-06T11:00:00Z' } }, lastState: {} });
  const init = (n: number, i: number) => ({ ...cs(n, i), name: `init${i}`, state: { terminated: { exitCode: 0, reason: 'Completed' } } });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'shop', uid: `uid-${name}`, creationTimestamp: '2024-05-06T11:00:00Z' },
    spec: { containers: restarts.map((_, i) => ({ name: `c${i}`, image: 'ghcr.io/acme/api:1.4.3' })) },
    status: {
      phase: 'Running',
      conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'True' }],
      ...(initRestarts.length ? { initContainerStatuses: initRestarts.map(init) } : {}),
      containerStatuses: restarts.map(cs),
      ...status,
    },
  };
}

const api: K8sObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'api', namespace: 'shop', generation: 2, creationTimestamp: '2024-05-06T09:00:00Z' },
  spec: { replicas: 3 },
  status: { observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2, unavailableReplicas: 1 },
};
const db: K8sObject = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'db', namespace: 'shop', generation: 1, creationTimestamp: '2024-05-01T12:00:00Z' },
  spec: { replicas: 1 },
  status: { observedGeneration: 1, replicas: 1, readyReplicas: 1, currentReplicas: 1, updatedReplicas: 1 },
};
const agent: K8sObject = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'log-agent', namespace: 'shop', generation: 1, creationTimestamp: '2024-05-06T11:59:15Z' },
  spec: {},
  status: { observedGeneration: 1, currentNumberScheduled: 3, desiredNumberScheduled: 3, numberMisscheduled: 0, numberReady: 3, numberAvailable: 3, updatedNumberScheduled: 3 },
};
const migrate: K8sObject = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'migrate', namespace: 'shop', creationTimestamp: '2024-05-06T08:45:00Z' },
  spec: { completions: 1, parallelism: 1, backoffLimit: 6 },
  status: { succeeded: 1, startTime: '2024-05-06T08:45:00Z', completionTime: '2024-05-06T08:45:31Z', conditions: [{ type: 'Complete', status: 'True' }] },
};
const report: K8sObject = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'report', namespace: 'shop', creationTimestamp: '2024-04-01T00:00:00Z' },
  spec: { schedule: '0 * * * *' },
  status: { active: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'report-28585440', namespace: 'shop', uid: 'uid-report-28585440' }], lastScheduleTime: '2024-05-06T12:00:00Z' },
};

const pulling = pod('api-7c9d8f6b5d-x2k4q', [0], {
  conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'False' }],
  containerStatuses: [{ name: 'c0', image: 'ghcr.io/acme/api:1.4.3', imageID: '', ready: false, started: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "ghcr.io/acme/api:1.4.3"' } }, lastState: {} }],
});

const input = [
  { component: 'api', workload: api, pods: [pod('api-7c9d8f6b5d-a1b2c', [2, 1]), pod('api-7c9d8f6b5d-d3e4f', [0, 0], {}, [1]), pulling] },
  { component: 'db', workload: db, pods: [pod('db-0', [0])] },
  { component: 'log-agent', workload: agent, pods: [] },
  { component: 'migrate', workload: migrate, pods: [pod('migrate-q8w7e', [0], { phase: 'Succeeded' })] },
  { component: 'report', workload: report, pods: [] },
];

test('statusRows counts per kind, sums restarts and explains problems', () => {
  assert.deepEqual(statusRows(input, [], NOW), [
    { component: 'api', kind: 'Deployment', desired: 3, ready: 2, restarts: 4, age: '3h', problem: 'ImagePullBackOff: container c0: Back-off pulling image "ghcr.io/acme/api:1.4.3" (pod api-7c9d8f6b5d-x2k4q)' },
    { component: 'db', kind: 'StatefulSet', desired: 1, ready: 1, restarts: 0, age: '5d', problem: undefined },
    { component: 'log-agent', kind: 'DaemonSet', desired: 3, ready: 3, restarts: 0, age: '45s', problem: undefined },
    { component: 'migrate', kind: 'Job', desired: 1, ready: 1, restarts: 0, age: '3h15m', problem: undefined },
    { component: 'report', kind: 'CronJob', desired: 0, ready: 1, restarts: 0, age: '35d', problem: undefined },
  ].map(({ problem, ...row }) => (problem ? { ...row, problem } : row)));
});

test('formatStatus prints an aligned, deterministic table without trailing spaces', () => {
  const text = formatStatus(statusRows(input, [], NOW));
  assert.equal(
    text,
    [
      'COMPONENT   KIND          READY   RESTARTS   AGE     PROBLEM',
      'api         Deployment    2/3     4          3h      ImagePullBackOff: container c0: Back-off pulling image "ghcr.io/acme/api:1.4.3" (pod api-7c9d8f6b5d-x2k4q)',
      'db          StatefulSet   1/1     0          5d',
      'log-agent   DaemonSet     3/3     0          45s',
      'migrate     Job           1/1     0          3h15m',
      'report      CronJob       1/0     0          35d',
      '',
    ].join('\n'),
  );
  assert.equal(formatStatus(statusRows(input, [], NOW)), text);
  assert.equal(formatStatus([]), 'COMPONENT   KIND   READY   RESTARTS   AGE   PROBLEM\n');
  // A multi-line message must not break the table.
  assert.equal(formatStatus([{ component: 'x', kind: 'Job', desired: 1, ready: 0, restarts: 0, age: '1m', problem: 'Error: line one\nline two' }]).split('\n')[1], 'x           Job    0/1     0          1m    Error: line one line two');
});
