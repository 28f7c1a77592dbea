import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { K8sObject } from '../../src/k8s/object.js';
import { readiness } from '../../src/k8s/kinds/index.js';

const T = '2024-05-01T10:00:00Z';

function deployment(generation: number, spec: Record<string, unknown>, status?: Record<string, unknown>): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'shop', generation, uid: '0b7f9a62-3c1e-4d2a-9f51-7d3c0e8a1b24', creationTimestamp: T },
    spec: { replicas: 3, selector: { matchLabels: { 'app.kubernetes.io/name': 'api' } }, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } }, progressDeadlineSeconds: 600, ...spec },
    ...(status ? { status } : {}),
  };
}

const available = { type: 'Available', status: 'True', lastUpdateTime: T, lastTransitionTime: T, reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' };
const progressing = { type: 'Progressing', status: 'True', lastUpdateTime: T, lastTransitionTime: T, reason: 'ReplicaSetUpdated', message: 'ReplicaSet "api-7c9d8f6b5d" is progressing.' };
const progressed = { ...progressing, reason: 'NewReplicaSetAvailable', message: 'ReplicaSet "api-7c9d8f6b5d" has successfully progressed.' };

test('Deployment: a spec the controller has not observed yet is not done', () => {
  assert.deepEqual(readiness(deployment(1, {}), []), { done: false, ok: false, message: 'waiting for the deployment controller to observe generation 1' });
  const stale = deployment(4, {}, { observedGeneration: 3, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, conditions: [available, progressed] });
  assert.deepEqual(readiness(stale, []), { done: false, ok: false, message: 'waiting for the deployment controller to observe generation 4 (at 3)' });
});

test('Deployment: a rollout past its progress deadline is done and failed', () => {
  const timedOut = { type: 'Progressing', status: 'False', lastUpdateTime: T, lastTransitionTime: T, reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "api-7c9d8f6b5d" has timed out progressing.' };
  const d = deployment(2, {}, { observedGeneration: 2, replicas: 4, updatedReplicas: 1, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 1, conditions: [available, timedOut] });
  assert.deepEqual(readiness(d, []), { done: true, ok: false, message: 'rollout exceeded its progress deadline: ReplicaSet "api-7c9d8f6b5d" has timed out progressing.' });
});

test('Deployment: waits for new replicas, then old ones to go, then availability', () => {
  const updating = deployment(2, {}, { observedGeneration: 2, replicas: 4, updatedReplicas: 1, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 1, conditions: [available, progressing] });
  assert.deepEqual(readiness(updating, []), { done: false, ok: false, message: '3/3 replicas ready, 2 updating' });

  const paused = deployment(2, { paused: true }, { observedGeneration: 2, replicas: 3, updatedReplicas: 1, readyReplicas: 3, availableReplicas: 3 });
  assert.equal(readiness(paused, []).message, '3/3 replicas ready, 2 updating (rollout paused)');

  const oldLeft = deployment(2, {}, { observedGeneration: 2, replicas: 4, updatedReplicas: 3, readyReplicas: 4, availableReplicas: 4, conditions: [available, progressing] });
  assert.deepEqual(readiness(oldLeft, []), { done: false, ok: false, message: 'waiting for 1 old replica to terminate' });
  const oldLeft2 = deployment(2, {}, { observedGeneration: 2, replicas: 5, updatedReplicas: 3, readyReplicas: 5, availableReplicas: 5 });
  assert.equal(readiness(oldLeft2, []).message, 'waiting for 2 old replicas to terminate');

  const notAvailable = deployment(2, {}, { observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2, unavailableReplicas: 1, conditions: [available, progressing] });
  assert.deepEqual(readiness(notAvailable, []), { done: false, ok: false, message: '2/3 updated replicas available' });
});

test('Deployment: rolled out is done and ok; terminating pods are mentioned but do not block', () => {
  const done = deployment(2, {}, { observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, conditions: [available, progressed] });
  assert.deepEqual(readiness(done, []), { done: true, ok: true, message: '3/3 replicas ready' });
  const terminating: K8sObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'api-6b8f9c7d4e-q7w2x', deletionTimestamp: '2024-05-01T10:05:00Z', deletionGracePeriodSeconds: 30 } };
  assert.deepEqual(readiness(done, [terminating]), { done: true, ok: true, message: '3/3 replicas ready (1 old pod still terminating)' });
  // Scaled to zero: the API server omits all zero counters.
  const zero = deployment(3, { replicas: 0 }, { observedGeneration: 3, conditions: [available, progressed] });
  assert.deepEqual(readiness(zero, []), { done: true, ok: true, message: '0/0 replicas ready' });
});

function statefulSet(spec: Record<string, unknown>, status: Record<string, unknown>, generation = 2): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'shop', generation, creationTimestamp: T },
    spec: { replicas: 3, serviceName: 'db', podManagementPolicy: 'OrderedReady', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }, ...spec },
    status: { availableReplicas: 0, collisionCount: 0, ...status },
  };
}

test('StatefulSet: observedGeneration, readiness, partition and revisions', () => {
  assert.deepEqual(readiness(statefulSet({}, { replicas: 0 }, 1), []), { done: false, ok: false, message: 'waiting for the statefulset controller to observe generation 1' });

  const starting = statefulSet({}, { observedGeneration: 2, replicas: 2, readyReplicas: 1, currentReplicas: 2, updatedReplicas: 2, currentRevision: 'db-6f7d9c8b5', updateRevision: 'db-6f7d9c8b5' });
  assert.deepEqual(readiness(starting, []), { done: false, ok: false, message: '1/3 replicas ready, 1 updating' });

  const rolling = statefulSet({}, { observedGeneration: 2, replicas: 3, readyReplicas: 3, currentReplicas: 2, updatedReplicas: 1, currentRevision: 'db-5d8c7b9f4', updateRevision: 'db-6f7d9c8b5' });
  assert.deepEqual(readiness(rolling, []), { done: false, ok: false, message: '3/3 replicas ready, 2 updating' });

  // All pods updated and ready, but the controller has not yet moved currentRevision: not complete.
  const converging = statefulSet({}, { observedGeneration: 2, replicas: 3, readyReplicas: 3, currentReplicas: 0, updatedReplicas: 3, currentRevision: 'db-5d8c7b9f4', updateRevision: 'db-6f7d9c8b5' });
  assert.deepEqual(readiness(converging, []), { done: false, ok: false, message: 'waiting for the rolling update to db-6f7d9c8b5 to complete (3/3 updated)' });

  const done = statefulSet({}, { observedGeneration: 2, replicas: 3, readyReplicas: 3, availableReplicas: 3, currentReplicas: 3, updatedReplicas: 3, currentRevision: 'db-6f7d9c8b5', updateRevision: 'db-6f7d9c8b5' });
  assert.deepEqual(readiness(done, []), { done: true, ok: true, message: '3/3 replicas ready' });
});

test('StatefulSet: a partitioned rollout is done once the ordinals above the partition are updated', () => {
  const partitioned = { type: 'RollingUpdate', rollingUpdate: { partition: 2 } };
  const waitingOne = statefulSet({ updateStrategy: partitioned }, { observedGeneration: 2, replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 0, currentRevision: 'db-5d8c7b9f4', updateRevision: 'db-6f7d9c8b5' });
  assert.deepEqual(readiness(waitingOne, []), { done: false, ok: false, message: '0/1 replicas updated (partition 2)' });
  const canary = statefulSet({ updateStrategy: partitioned }, { observedGeneration: 2, replicas: 3, readyReplicas: 3, currentReplicas: 2, updatedReplicas: 1, currentRevision: 'db-5d8c7b9f4', updateRevision: 'db-6f7d9c8b5' });
  assert.deepEqual(readiness(canary, []), { done: true, ok: true, message: '3/3 replicas ready, 1 updated (partition 2)' });
});

test('StatefulSet: OnDelete waits only for readiness', () => {
  const onDelete = statefulSet({ updateStrategy: { type: 'OnDelete' } }, { observedGeneration: 2, replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 0, currentRevision: 'db-5d8c7b9f4', updateRevision: 'db-6f7d9c8b5' });
  assert.deepEqual(readiness(onDelete, []), { done: true, ok: true, message: '3/3 replicas ready (OnDelete: pods update when deleted)' });
});

function daemonSet(status: Record<string, unknown>, strategy: Record<string, unknown> = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } }): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'log-agent', namespace: 'shop', generation: 3, creationTimestamp: T },
    spec: { selector: { matchLabels: { app: 'log-agent' } }, updateStrategy: strategy },
    status,
  };
}

test('DaemonSet: observed generation, updated pods, availability', () => {
  assert.deepEqual(readiness(daemonSet({ observedGeneration: 2, currentNumberScheduled: 3, desiredNumberScheduled: 3, numberMisscheduled: 0, numberReady: 3, numberAvailable: 3, updatedNumberScheduled: 3 }), []), {
    done: false,
    ok: false,
    message: 'waiting for the daemonset controller to observe generation 3 (at 2)',
  });
  const updating = daemonSet({ observedGeneration: 3, currentNumberScheduled: 3, desiredNumberScheduled: 3, numberMisscheduled: 0, numberReady: 2, numberAvailable: 2, numberUnavailable: 1, updatedNumberScheduled: 1 });
  assert.deepEqual(readiness(updating, []), { done: false, ok: false, message: '2/3 pods ready, 2 updating' });
  const unavailable = daemonSet({ observedGeneration: 3, currentNumberScheduled: 3, desiredNumberScheduled: 3, numberMisscheduled: 0, numberReady: 2, numberAvailable: 2, numberUnavailable: 1, updatedNumberScheduled: 3 });
  assert.deepEqual(readiness(unavailable, []), { done: false, ok: false, message: '2/3 pods available' });
  const done = daemonSet({ observedGeneration: 3, currentNumberScheduled: 3, desiredNumberScheduled: 3, numberMisscheduled: 0, numberReady: 3, numberAvailable: 3, updatedNumberScheduled: 3 });
  assert.deepEqual(readiness(done, []), { done: true, ok: true, message: '3/3 pods ready' });
  const noNodes = daemonSet({ observedGeneration: 3, currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 });
  assert.deepEqual(readiness(noNodes, []), { done: true, ok: true, message: '0 pods scheduled (no node matches)' });
  // OnDelete: old pods are replaced only when deleted, so un-updated pods do not block.
  const onDelete = daemonSet({ observedGeneration: 3, currentNumberScheduled: 3, desiredNumberScheduled: 3, numberMisscheduled: 0, numberReady: 3, numberAvailable: 3, updatedNumberScheduled: 0 }, { type: 'OnDelete' });
  assert.deepEqual(readiness(onDelete, []), { done: true, ok: true, message: '3/3 pods ready' });
});

function job(status: Record<string, unknown>, spec: Record<string, unknown> = {}): K8sObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'migrate', namespace: 'shop', generation: 1, creationTimestamp: T },
    spec: { completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, ...spec },
    status,
  };
}

test('Job: Complete is done and ok; Failed is done and not ok with its reason', () => {
  const complete = job({
    conditions: [
      { type: 'SuccessCriteriaMet', status: 'True', lastProbeTime: T, lastTransitionTime: T, reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' },
      { type: 'Complete', status: 'True', lastProbeTime: T, lastTransitionTime: T, reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' },
    ],
    startTime: T,
    completionTime: '2024-05-01T10:00:42Z',
    succeeded: 1,
    ready: 0,
    terminating: 0,
    uncountedTerminatedPods: {},
  });
  assert.deepEqual(readiness(complete, []), { done: true, ok: true, message: '1/1 completions' });

  const failedCondition = { status: 'True', lastProbeTime: T, lastTransitionTime: T, reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
  const failed = job({ conditions: [{ type: 'FailureTarget', ...failedCondition }, { type: 'Failed', ...failedCondition }], startTime: T, failed: 7, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
  assert.deepEqual(readiness(failed, []), { done: true, ok: false, message: 'BackoffLimitExceeded: Job has reached the specified backoff limit' });
  // While the last pods are still being killed only FailureTarget is set; the outcome is already decided.
  const failing = job({ conditions: [{ type: 'FailureTarget', ...failedCondition }], startTime: T, failed: 7, ready: 0, terminating: 1, uncountedTerminatedPods: {} });
  assert.equal(readiness(failing, []).done, true);
  assert.equal(readiness(failing, []).ok, false);
});

test('Job: running and suspended are not done', () => {
  const running = job({ startTime: T, active: 1, failed: 2, ready: 1, terminating: 0, uncountedTerminatedPods: {} }, { completions: 3 });
  assert.deepEqual(readiness(running, []), { done: false, ok: false, message: '0/3 completions, 1 active, 2 failed pods' });
  const suspended = job({ conditions: [{ type: 'Suspended', status: 'True', lastProbeTime: T, lastTransitionTime: T, reason: 'JobSuspended', message: 'Job suspended' }] }, { suspend: true });
  assert.deepEqual(readiness(suspended, []), { done: false, ok: false, message: 'suspended (spec.suspend is true)' });
});

function pvc(phase: string, volumeName?: string): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data-db-0', namespace: 'shop', creationTimestamp: T },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } }, storageClassName: 'standard', volumeMode: 'Filesystem', ...(volumeName ? { volumeName } : {}) },
    status: phase === 'Bound' ? { phase, accessModes: ['ReadWriteOnce'], capacity: { storage: '10Gi' } } : { phase },
  };
}

test('PersistentVolumeClaim: Bound is done, Pending waits, Lost fails', () => {
  assert.deepEqual(readiness(pvc('Bound', 'pvc-3f1c2a9e-7b4d-4e8a-9c61-2d5f0b7a8e13'), []), { done: true, ok: true, message: 'bound to pvc-3f1c2a9e-7b4d-4e8a-9c61-2d5f0b7a8e13' });
  assert.deepEqual(readiness(pvc('Pending'), []), { done: false, ok: false, message: 'Pending: waiting for a volume to be bound' });
  assert.deepEqual(readiness(pvc('Lost', 'pvc-3f1c2a9e-7b4d-4e8a-9c61-2d5f0b7a8e13'), []), { done: true, ok: false, message: 'claim lost its volume pvc-3f1c2a9e-7b4d-4e8a-9c61-2d5f0b7a8e13' });
});

function service(type: string, status: Record<string, unknown> = { loadBalancer: {} }): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'api', namespace: 'shop', creationTimestamp: T },
    spec: { type, clusterIP: '10.96.14.7', clusterIPs: ['10.96.14.7'], ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }], selector: { app: 'api' } },
    status,
  };
}

test('Service: ClusterIP is done at once; LoadBalancer waits for an ingress address', () => {
  assert.deepEqual(readiness(service('ClusterIP'), []), { done: true, ok: true, message: 'ClusterIP' });
  assert.deepEqual(readiness(service('LoadBalancer'), []), { done: false, ok: false, message: 'waiting for the load balancer to get an address' });
  assert.deepEqual(readiness(service('LoadBalancer', { loadBalancer: { ingress: [{ ip: '203.0.113.10', ipMode: 'VIP' }] } }), []), { done: true, ok: true, message: 'load balancer at 203.0.113.10' });
  assert.deepEqual(readiness(service('LoadBalancer', { loadBalancer: { ingress: [{ hostname: 'a1b2c3-123456789.eu-west-1.elb.amazonaws.com' }] } }), []), {
    done: true,
    ok: true,
    message: 'load balancer at a1b2c3-123456789.eu-west-1.elb.amazonaws.com',
  });
});

test('kinds without a rollout are done as soon as they exist', () => {
  const plain: K8sObject[] = [
    { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'report' }, spec: { schedule: '0 3 * * *' }, status: {} },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'api-config' }, data: { LOG_LEVEL: 'info' } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'api-env' }, type: 'Opaque' },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'api' } },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'api' }, rules: [] },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'api' } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' }, status: { phase: 'Active' } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'api' }, status: { loadBalancer: {} } },
  ];
  for (const o of plain) assert.deepEqual(readiness(o, []), { done: true, ok: true, message: 'exists' }, `${o.apiVersion} ${o.kind}`);
});

test('a custom resource that shares a built-in kind name is not judged as batch/Job: its status has no conditions', () => {
  const volcano = { apiVersion: 'batch.volcano.sh/v1alpha1', kind: 'Job', metadata: { name: 'train' }, status: { state: { phase: 'Running' } } };
  assert.deepEqual(readiness(volcano, []), { done: true, ok: true, message: 'status reported, no Ready condition' });
});
