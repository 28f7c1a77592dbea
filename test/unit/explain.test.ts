import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { K8sObject } from '../../src/k8s/object.js';
import { explain } from '../../src/k8s/explain.js';

const T = '2024-05-01T10:00:00Z';
const LATER = '2024-05-01T10:03:00Z';
const IMAGE = 'ghcr.io/acme/api:1.4.3';

const scheduled = (status: 'True' | 'False', extra: Record<string, unknown> = {}) => ({ type: 'PodScheduled', status, lastProbeTime: null, lastTransitionTime: T, ...extra });
const cond = (type: string, status: 'True' | 'False', extra: Record<string, unknown> = {}) => ({ type, status, lastProbeTime: null, lastTransitionTime: T, ...extra });

function running(name: string, restartCount = 0) {
  return { name, image: IMAGE, imageID: `${IMAGE}@sha256:9b2a6f0c`, containerID: 'containerd://4f1d0a', ready: true, started: true, restartCount, state: { running: { startedAt: T } }, lastState: {} };
}

function waitingStatus(name: string, reason: string, message: string | undefined, extra: Record<string, unknown> = {}) {
  return { name, image: IMAGE, imageID: '', ready: false, started: false, restartCount: 0, state: { waiting: { reason, ...(message ? { message } : {}) } }, lastState: {}, ...extra };
}

interface PodOptions {
  name?: string;
  uid?: string;
  phase?: string;
  conditions?: unknown[];
  containerStatuses?: unknown[];
  initContainerStatuses?: unknown[];
  initContainers?: unknown[];
  volumes?: unknown[];
  owner?: { kind: string; name: string };
  creationTimestamp?: string;
  deletionTimestamp?: string;
}

function pod(o: PodOptions): K8sObject {
  const name = o.name ?? 'api-7c9d8f6b5d-x2k4q';
  const owner = o.owner ?? { kind: 'ReplicaSet', name: 'api-7c9d8f6b5d' };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'shop',
      uid: o.uid ?? `uid-${name}`,
      creationTimestamp: o.creationTimestamp ?? T,
      ...(o.deletionTimestamp ? { deletionTimestamp: o.deletionTimestamp } : {}),
      labels: { 'app.kubernetes.io/name': 'api', 'pod-template-hash': '7c9d8f6b5d' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: owner.kind, name: owner.name, uid: `uid-${owner.name}`, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      ...(o.initContainers ? { initContainers: o.initContainers } : {}),
      containers: [{ name: 'api', image: IMAGE, env: [{ name: 'DATABASE_PASSWORD', valueFrom: { secretKeyRef: { name: 'api-env', key: 'DATABASE_PASSWORD' } } }] }],
      ...(o.volumes ? { volumes: o.volumes } : {}),
      restartPolicy: 'Always',
      serviceAccountName: 'api',
    },
    status: {
      phase: o.phase ?? 'Pending',
      conditions: o.conditions ?? [],
      hostIP: '172.18.0.3',
      podIP: '10.244.1.17',
      startTime: T,
      qosClass: 'Burstable',
      ...(o.initContainerStatuses ? { initContainerStatuses: o.initContainerStatuses } : {}),
      ...(o.containerStatuses ? { containerStatuses: o.containerStatuses } : {}),
    },
  };
}

function event(o: { name: string; kind: string; object: string; uid?: string; reason: string; message: string; type?: string; at?: string; fieldPath?: string; component?: string }): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${o.object}.17c9a2b3${o.name}`, namespace: 'shop', creationTimestamp: o.at ?? T },
    involvedObject: { apiVersion: o.kind === 'Pod' ? 'v1' : 'apps/v1', kind: o.kind, name: o.object, namespace: 'shop', uid: o.uid ?? `uid-${o.object}`, ...(o.fieldPath ? { fieldPath: o.fieldPath } : {}) },
    reason: o.reason,
    message: o.message,
    source: { component: o.component ?? 'kubelet' },
    firstTimestamp: T,
    lastTimestamp: o.at ?? T,
    count: 3,
    type: o.type ?? 'Warning',
    eventTime: null,
    reportingComponent: o.component ?? 'kubelet',
    reportingInstance: '',
  };
}

const UNSCHEDULABLE = "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";

test('Unschedulable passes the scheduler message through unchanged', () => {
  const p = pod({ conditions: [scheduled('False', { reason: 'Unschedulable', message: UNSCHEDULABLE })] });
  assert.deepEqual(explain([p], []), { reason: 'Unschedulable', message: UNSCHEDULABLE, pod: 'api-7c9d8f6b5d-x2k4q', fatal: false });
});

test('an unbound claim is explained by its ProvisioningFailed event, else by the scheduler', () => {
  const unbound = '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
  const p = pod({
    name: 'db-0',
    owner: { kind: 'StatefulSet', name: 'db' },
    conditions: [scheduled('False', { reason: 'Unschedulable', message: unbound })],
    volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } }],
  });
  assert.deepEqual(explain([p], []), { reason: 'Unschedulable', message: unbound, pod: 'db-0', fatal: false });
  const provisioning = event({ name: 'a', kind: 'PersistentVolumeClaim', object: 'data-db-0', reason: 'ProvisioningFailed', message: 'storageclass.storage.k8s.io "fast-ssd" not found', component: 'persistentvolume-controller' });
  const otherClaim = event({ name: 'b', kind: 'PersistentVolumeClaim', object: 'data-cache-0', reason: 'ProvisioningFailed', message: 'storageclass.storage.k8s.io "slow" not found' });
  assert.deepEqual(explain([p], [otherClaim, provisioning]), {
    reason: 'ProvisioningFailed',
    message: 'PersistentVolumeClaim data-db-0: storageclass.storage.k8s.io "fast-ssd" not found',
    pod: 'db-0',
    fatal: false,
  });
});

test('image pull failures prefer the kubelet event that says why; InvalidImageName is fatal', () => {
  const backoff = pod({ conditions: [scheduled('True'), cond('Ready', 'False', { reason: 'ContainersNotReady' })], containerStatuses: [waitingStatus('api', 'ImagePullBackOff', `Back-off pulling image "${IMAGE}"`)] });
  assert.deepEqual(explain([backoff], []), { reason: 'ImagePullBackOff', message: `container api: Back-off pulling image "${IMAGE}"`, pod: 'api-7c9d8f6b5d-x2k4q', fatal: false });
  const why = `Failed to pull image "${IMAGE}": rpc error: code = NotFound desc = failed to pull and unpack image "${IMAGE}": failed to resolve reference "${IMAGE}": ${IMAGE}: not found`;
  const pulled = event({ name: 'c', kind: 'Pod', object: 'api-7c9d8f6b5d-x2k4q', fieldPath: 'spec.containers{api}', reason: 'Failed', message: why });
  const generic = event({ name: 'd', kind: 'Pod', object: 'api-7c9d8f6b5d-x2k4q', fieldPath: 'spec.containers{api}', reason: 'Failed', message: 'Error: ImagePullBackOff', at: LATER });
  assert.deepEqual(explain([backoff], [pulled, generic]), { reason: 'ImagePullBackOff', message: `container api: ${why}`, pod: 'api-7c9d8f6b5d-x2k4q', fatal: false });

  const errPull = pod({ conditions: [scheduled('True')], containerStatuses: [waitingStatus('api', 'ErrImagePull', 'failed to pull and unpack image: 401 Unauthorized')] });
  assert.equal(explain([errPull], [])?.fatal, false);

  const invalidMessage = 'Failed to apply default image tag "ghcr.io/acme/API:1.4.3": couldn\'t parse image name "ghcr.io/acme/API:1.4.3": invalid reference format: repository name (acme/API) must be lowercase';
  const invalid = pod({ conditions: [scheduled('True')], containerStatuses: [waitingStatus('api', 'InvalidImageName', invalidMessage)] });
  assert.deepEqual(explain([invalid], []), { reason: 'InvalidImageName', message: `container api: ${invalidMessage}`, pod: 'api-7c9d8f6b5d-x2k4q', fatal: true });
});

test('a missing Secret or key is named, and not fatal because it may still be created', () => {
  const missing = pod({ conditions: [scheduled('True')], containerStatuses: [waitingStatus('api', 'CreateContainerConfigError', "couldn't find key DATABASE_PASSWORD in Secret shop/api-env")] });
  const problem = explain([missing], []);
  assert.deepEqual(problem, {
    reason: 'CreateContainerConfigError',
    message: "container api: couldn't find key DATABASE_PASSWORD in Secret shop/api-env (it starts once that exists)",
    pod: 'api-7c9d8f6b5d-x2k4q',
    fatal: false,
  });
});

function crashing(restartCount: number, lastReason: string, exitCode: number) {
  return {
    name: 'api',
    image: IMAGE,
    imageID: `${IMAGE}@sha256:9b2a6f0c`,
    containerID: 'containerd://4f1d0a',
    ready: false,
    started: false,
    restartCount,
    state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 1m20s restarting failed container=api pod=api-7c9d8f6b5d-x2k4q_shop(5f0c2d1e)' } },
    lastState: { terminated: { exitCode, reason: lastReason, startedAt: T, finishedAt: T, containerID: 'containerd://4f1d0a' } },
  };
}

test('CrashLoopBackOff reports the last exit and becomes fatal at 3 restarts', () => {
  const two = pod({ phase: 'Running', conditions: [scheduled('True'), cond('Ready', 'False')], containerStatuses: [crashing(2, 'Error', 1)] });
  assert.deepEqual(explain([two], []), { reason: 'CrashLoopBackOff', message: 'container api exited with code 1 (Error), restarted 2 times', pod: 'api-7c9d8f6b5d-x2k4q', fatal: false });
  const three = pod({ phase: 'Running', conditions: [scheduled('True'), cond('Ready', 'False')], containerStatuses: [crashing(3, 'Error', 1)] });
  assert.equal(explain([three], [])?.fatal, true);
  const oom = pod({ phase: 'Running', conditions: [scheduled('True'), cond('Ready', 'False')], containerStatuses: [crashing(5, 'OOMKilled', 137)] });
  assert.deepEqual(explain([oom], []), { reason: 'CrashLoopBackOff', message: 'container api exited with code 137 (OOMKilled), restarted 5 times', pod: 'api-7c9d8f6b5d-x2k4q', fatal: true });
});

test('RunContainerError and a terminated OOMKilled container', () => {
  const startError = 'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/app/serve": stat /app/serve: no such file or directory: unknown';
  const run = pod({
    phase: 'Running',
    conditions: [scheduled('True')],
    containerStatuses: [{ ...waitingStatus('api', 'RunContainerError', startError), restartCount: 1, lastState: { terminated: { exitCode: 128, reason: 'StartError', message: startError, startedAt: '1970-01-01T00:00:00Z', finishedAt: T } } }],
  });
  assert.deepEqual(explain([run], []), { reason: 'RunContainerError', message: `container api exited with code 128 (StartError), restarted 1 time; ${startError}`, pod: 'api-7c9d8f6b5d-x2k4q', fatal: false });

  const killed = pod({
    phase: 'Running',
    conditions: [scheduled('True'), cond('Ready', 'False')],
    containerStatuses: [{ name: 'api', image: IMAGE, imageID: '', ready: false, started: false, restartCount: 0, state: { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: T, finishedAt: LATER } }, lastState: {} }],
  });
  assert.deepEqual(explain([killed], []), { reason: 'OOMKilled', message: 'container api was killed for exceeding its memory limit (exit code 137), restarted 0 times', pod: 'api-7c9d8f6b5d-x2k4q', fatal: false });
});

test('a running init container is a wait, counted like kubectl (sidecars count once started)', () => {
  const done = (name: string) => ({ name, image: 'busybox:1.36', imageID: '', ready: true, started: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: T, finishedAt: T } }, lastState: {} });
  const p = pod({
    conditions: [cond('Initialized', 'False', { reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [wait-db]' }), cond('Ready', 'False'), scheduled('True')],
    initContainers: [{ name: 'proxy', restartPolicy: 'Always' }, { name: 'wait-redis' }, { name: 'wait-db' }],
    initContainerStatuses: [{ ...running('proxy'), started: true, ready: true }, done('wait-redis'), { ...running('wait-db'), ready: false }],
    containerStatuses: [waitingStatus('api', 'PodInitializing', undefined)],
  });
  assert.deepEqual(explain([p], []), { reason: 'PodInitializing', message: 'waiting in init container wait-db (2/3 init containers done)', pod: 'api-7c9d8f6b5d-x2k4q', fatal: false });
});

test('a crashing init container is a crash, named as an init container', () => {
  const p = pod({
    conditions: [cond('Initialized', 'False'), scheduled('True')],
    initContainers: [{ name: 'migrate' }],
    initContainerStatuses: [{ ...crashing(1, 'Error', 2), name: 'migrate' }],
    containerStatuses: [waitingStatus('api', 'PodInitializing', undefined)],
  });
  assert.deepEqual(explain([p], []), { reason: 'CrashLoopBackOff', message: 'init container migrate exited with code 2 (Error), restarted 1 time', pod: 'api-7c9d8f6b5d-x2k4q', fatal: false });
});

test('a pod stuck in ContainerCreating is explained by its FailedMount event', () => {
  const p = pod({ conditions: [scheduled('True'), cond('Ready', 'False')], containerStatuses: [waitingStatus('api', 'ContainerCreating', undefined)] });
  const mount = event({ name: 'e', kind: 'Pod', object: 'api-7c9d8f6b5d-x2k4q', reason: 'FailedMount', message: 'MountVolume.SetUp failed for volume "tls" : secret "api-tls" not found' });
  assert.deepEqual(explain([p], [mount]), { reason: 'FailedMount', message: 'MountVolume.SetUp failed for volume "tls" : secret "api-tls" not found', pod: 'api-7c9d8f6b5d-x2k4q', fatal: false });
  assert.equal(explain([p], []), undefined);
});

const POD_SECURITY =
  'Error creating: pods "api-7c9d8f6b5d-abcde" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "api" must set securityContext.allowPrivilegeEscalation=false), runAsNonRoot != true (pod or container "api" must set securityContext.runAsNonRoot=true)';
const deploymentObject: K8sObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'shop' } };

test('pod creation refused by PodSecurity is fatal and found before any pod exists', () => {
  const refused = event({ name: 'f', kind: 'ReplicaSet', object: 'api-7c9d8f6b5d', reason: 'FailedCreate', message: POD_SECURITY, component: 'replicaset-controller' });
  const otherComponent = event({ name: 'g', kind: 'ReplicaSet', object: 'api-worker-5d9f8b7c6d', reason: 'FailedCreate', message: POD_SECURITY });
  assert.deepEqual(explain([], [refused, otherComponent], deploymentObject), { reason: 'FailedCreate', message: `ReplicaSet api-7c9d8f6b5d: ${POD_SECURITY}`, fatal: true });
  // Without the workload nothing ties a namespace event to this component.
  assert.equal(explain([], [refused, otherComponent]), undefined);
  assert.equal(explain([], [otherComponent], deploymentObject), undefined);
});

test('refused creation is found through pod owners; quota is not fatal; recovered controllers are ignored', () => {
  const quota = 'Error creating: pods "migrate-x7k2p" is forbidden: exceeded quota: compute, requested: limits.memory=512Mi, used: limits.memory=1792Mi, limited: limits.memory=2Gi';
  const jobEvent = event({ name: 'h', kind: 'Job', object: 'migrate', reason: 'FailedCreate', message: quota, component: 'job-controller' });
  const jobPod = pod({ name: 'migrate-abcde', owner: { kind: 'Job', name: 'migrate' }, phase: 'Running', creationTimestamp: '2024-05-01T09:59:00Z', conditions: [scheduled('True'), cond('Ready', 'True')], containerStatuses: [running('migrate')] });
  assert.deepEqual(explain([jobPod], [jobEvent]), { reason: 'FailedCreate', message: `Job migrate: ${quota}`, fatal: false });
  // A pod the controller created after the event shows creation works again.
  const newer = pod({ name: 'migrate-fghij', owner: { kind: 'Job', name: 'migrate' }, phase: 'Running', creationTimestamp: LATER, conditions: [scheduled('True'), cond('Ready', 'True')], containerStatuses: [running('migrate')] });
  assert.equal(explain([jobPod, newer], [jobEvent]), undefined);
});

test('a running pod that is not ready shows its failing probe', () => {
  const p = pod({ phase: 'Running', conditions: [scheduled('True'), cond('Ready', 'False', { reason: 'ContainersNotReady' })], containerStatuses: [{ ...running('api'), ready: false }] });
  assert.deepEqual(explain([p], []), { reason: 'NotReady', message: 'container api running but not ready', pod: 'api-7c9d8f6b5d-x2k4q', fatal: false });
  const probe = event({ name: 'i', kind: 'Pod', object: 'api-7c9d8f6b5d-x2k4q', fieldPath: 'spec.containers{api}', reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503' });
  assert.deepEqual(explain([p], [probe]), { reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503', pod: 'api-7c9d8f6b5d-x2k4q', fatal: false });
});

test('priority: fatal, then scheduling, then images, then crashes, then init waits', () => {
  const unschedulable = pod({ name: 'api-a', conditions: [scheduled('False', { reason: 'Unschedulable', message: UNSCHEDULABLE })] });
  const pulling = pod({ name: 'api-b', conditions: [scheduled('True')], containerStatuses: [waitingStatus('api', 'ErrImagePull', 'not found')] });
  const crash = pod({ name: 'api-c', phase: 'Running', conditions: [scheduled('True')], containerStatuses: [crashing(1, 'Error', 1)] });
  const fatalCrash = pod({ name: 'api-d', phase: 'Running', conditions: [scheduled('True')], containerStatuses: [crashing(4, 'Error', 1)] });
  const init = pod({ name: 'api-e', initContainers: [{ name: 'wait-db' }], initContainerStatuses: [running('wait-db')], conditions: [scheduled('True')], containerStatuses: [waitingStatus('api', 'PodInitializing', undefined)] });
  assert.equal(explain([init, crash, pulling, unschedulable, fatalCrash], [])?.pod, 'api-d');
  assert.equal(explain([init, crash, pulling, unschedulable], [])?.pod, 'api-a');
  assert.equal(explain([init, crash, pulling], [])?.pod, 'api-b');
  assert.equal(explain([init, crash], [])?.pod, 'api-c');
  assert.equal(explain([init], [])?.pod, 'api-e');
});

test('healthy, terminating and finished pods, and events about other pods, explain nothing', () => {
  const healthy = pod({ phase: 'Running', conditions: [cond('Initialized', 'True'), cond('Ready', 'True'), cond('ContainersReady', 'True'), scheduled('True')], containerStatuses: [running('api', 1)] });
  const leaving = pod({ name: 'api-6b8f9c7d4e-q7w2x', deletionTimestamp: LATER, phase: 'Running', conditions: [scheduled('True')], containerStatuses: [crashing(9, 'Error', 1)] });
  const evicted = { ...pod({ name: 'api-6b8f9c7d4e-zz9k1', phase: 'Failed' }), status: { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: ephemeral-storage.' } };
  const stranger = event({ name: 'j', kind: 'Pod', object: 'cache-0', reason: 'FailedMount', message: 'MountVolume.SetUp failed for volume "x"' });
  assert.equal(explain([healthy, leaving, evicted], [stranger]), undefined);
  // Same name, new uid (a recreated StatefulSet pod): the old pod's events no longer apply.
  const recreated = pod({ name: 'db-0', uid: 'uid-new', owner: { kind: 'StatefulSet', name: 'db' }, conditions: [scheduled('True')], containerStatuses: [waitingStatus('api', 'ContainerCreating', undefined)] });
  const oldMount = event({ name: 'k', kind: 'Pod', object: 'db-0', uid: 'uid-old', reason: 'FailedMount', message: 'Unable to attach or mount volumes' });
  assert.equal(explain([recreated], [oldMount]), undefined);
});

test('no env value ever appears in a problem', () => {
  const p = pod({ conditions: [scheduled('True')], containerStatuses: [waitingStatus('api', 'CreateContainerConfigError', 'secret "api-env" not found')] });
  const withValue = { ...p, spec: { containers: [{ name: 'api', image: IMAGE, env: [{ name: 'API_TOKEN', value: 's3cr3t-value' }] }] } };
  assert.ok(!JSON.stringify(explain([withValue], [])).includes('s3cr3t-value'));
});
