/** Readiness of custom resources from their status (kstatus conventions), as `up` waits and `status` shows. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { counts, readiness } from '../../src/k8s/kinds/index.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { statusRows } from '../../src/lifecycle/status.js';

type Cond = { type: string; status: 'True' | 'False' | 'Unknown'; reason?: string; message?: string; observedGeneration?: number };

/** A CloudNativePG Cluster as the operator reports it (conditions are metav1.Condition, with observedGeneration). */
function cluster(generation: number, status?: { conditions?: Cond[]; readyInstances?: number; observedGeneration?: number; phase?: string }): K8sObject {
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    metadata: { name: 'pg', namespace: 'nova', generation, creationTimestamp: '2026-11-30T06:00:00Z' },
    spec: { instances: 3 },
    ...(status ? { status } : {}),
  };
}

test('no status yet: waiting for the operator, with its group named', () => {
  assert.deepEqual(readiness(cluster(1), []), { done: false, ok: false, message: 'no status reported yet (is the postgresql.cnpg.io operator running?)' });
  assert.deepEqual(readiness(cluster(1, {}), []).done, false);
});

test('Ready=True of the current generation is ready; Ready=False waits with the condition message', () => {
  assert.deepEqual(readiness(cluster(2, { conditions: [{ type: 'Ready', status: 'True', reason: 'ClusterIsReady', message: 'Cluster is Ready', observedGeneration: 2 }] }), []), {
    done: true,
    ok: true,
    message: 'Ready (ClusterIsReady): Cluster is Ready',
  });
  assert.deepEqual(readiness(cluster(2, { conditions: [{ type: 'Ready', status: 'False', reason: 'ClusterIsNotReady', message: 'Cluster Is Not Ready', observedGeneration: 2 }] }), []), {
    done: false,
    ok: false,
    message: 'Ready (ClusterIsNotReady): Cluster Is Not Ready',
  });
});

test('Available counts when there is no Ready condition', () => {
  const r = readiness({ apiVersion: 'example.com/v1', kind: 'Broker', metadata: { name: 'b', generation: 1 }, status: { conditions: [{ type: 'Available', status: 'True' }] } }, []);
  assert.deepEqual(r, { done: true, ok: true, message: 'Available' });
});

test('a Ready condition or status of an older generation is not taken for the current spec', () => {
  assert.deepEqual(readiness(cluster(3, { conditions: [{ type: 'Ready', status: 'True', observedGeneration: 2 }] }), []), {
    done: false,
    ok: false,
    message: 'waiting for the cluster controller to observe generation 3 (at 2)',
  });
  assert.deepEqual(readiness(cluster(3, { observedGeneration: 2, conditions: [{ type: 'Ready', status: 'True' }] }), []).done, false);
  assert.deepEqual(readiness(cluster(3, { observedGeneration: 3, conditions: [{ type: 'Ready', status: 'True' }] }), []).ok, true);
});

test('Stalled=True or Failed=True fails for good with the condition message, even beside Ready', () => {
  const stalled = readiness(cluster(1, { conditions: [{ type: 'Ready', status: 'False' }, { type: 'Stalled', status: 'True', reason: 'InvalidSpec', message: 'unsupported PostgreSQL version' }] }), []);
  assert.deepEqual(stalled, { done: true, ok: false, message: 'Stalled (InvalidSpec): unsupported PostgreSQL version' });
  const failedCr = readiness(cluster(1, { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Failed', status: 'True', message: 'bootstrap job failed' }] }), []);
  assert.deepEqual(failedCr, { done: true, ok: false, message: 'Failed: bootstrap job failed' });
  // A Stalled condition of an older generation no longer applies.
  assert.equal(readiness(cluster(2, { conditions: [{ type: 'Ready', status: 'True', observedGeneration: 2 }, { type: 'Stalled', status: 'True', observedGeneration: 1 }] }), []).ok, true);
});

test('Reconciling=True waits even when Ready is still True from before', () => {
  const r = readiness(cluster(1, { conditions: [{ type: 'Reconciling', status: 'True', message: 'upgrading instances' }, { type: 'Ready', status: 'True' }] }), []);
  assert.deepEqual(r, { done: false, ok: false, message: 'Reconciling: upgrading instances' });
});

test('counts read instances/readyInstances (CloudNativePG) or replicas/readyReplicas, else the one object', () => {
  assert.deepEqual(counts(cluster(1, { readyInstances: 2 })), { desired: 3, ready: 2 });
  assert.deepEqual(counts({ apiVersion: 'example.com/v1', kind: 'Cache', metadata: { name: 'c' }, spec: { replicas: 2 }, status: { readyReplicas: 2 } }), { desired: 2, ready: 2 });
  assert.deepEqual(counts({ apiVersion: 'example.com/v1', kind: 'Cache', metadata: { name: 'c', generation: 1 }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }), { desired: 1, ready: 1 });
  // Kubernetes' own kinds outside the table are not custom resources.
  assert.deepEqual(counts({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 's' } }), { desired: 0, ready: 0 });
});

test('status shows a custom resource row with its condition message as the problem', () => {
  const rows = statusRows(
    [{ component: 'pg', workload: cluster(1, { readyInstances: 1, conditions: [{ type: 'Ready', status: 'False', message: 'Cluster Is Not Ready' }] }), pods: [] }],
    [],
    new Date('2026-11-30T06:01:00Z'),
  );
  assert.deepEqual(rows, [{ component: 'pg', kind: 'Cluster', desired: 3, ready: 1, restarts: 0, age: '60s', problem: 'NotReady: Ready: Cluster Is Not Ready' }]);
});
