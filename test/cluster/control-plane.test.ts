/** Proof that the test cluster is a real Kubernetes control plane: controllers, scheduler, GC, storage, logs. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { createNamespace, dropNamespace, kubectl, kubectlOk, serverSideApply, writeTemp } from './kube.js';

const labels = (app: string) => `{app: ${app}}`;

describe('real control plane', { concurrency: true }, () => {
  test('a Deployment and Service become Available with Ready pods and endpoints', () => {
    const ns = createNamespace('cp-deploy');
    const file = writeTemp(
      'web.yaml',
      `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${ns}}
spec:
  replicas: 3
  selector: {matchLabels: ${labels('web')}}
  template:
    metadata: {labels: ${labels('web')}}
    spec: {containers: [{name: web, image: nginxinc/nginx-unprivileged:1.27, ports: [{containerPort: 8080, name: http}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: ${ns}}
spec: {selector: ${labels('web')}, ports: [{port: 80, targetPort: http}]}
`,
    );
    const applied = serverSideApply(file);
    assert.equal(applied.status, 0, applied.stderr);
    kubectlOk(['wait', '--for=condition=Available', 'deployment/web', '-n', ns, '--timeout=120s']);
    kubectlOk(['wait', '--for=condition=Ready', 'pod', '-l', 'app=web', '-n', ns, '--timeout=120s']);
    const ready = kubectlOk(['get', 'pods', '-n', ns, '-l', 'app=web', '-o', 'jsonpath={range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{" "}{end}']);
    assert.deepEqual(ready.trim().split(' '), ['True', 'True', 'True']);
    const nodes = new Set(kubectlOk(['get', 'pods', '-n', ns, '-o', 'jsonpath={.items[*].spec.nodeName}']).trim().split(' '));
    assert.ok(nodes.size >= 1 && ![...nodes].includes(''), 'the scheduler bound every pod to a node');
    // The EndpointSlice controller catches up asynchronously after the Deployment reports Available.
    let endpoints: string[] = [];
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; spawnSync('sleep', ['1'])) {
      endpoints = kubectlOk(['get', 'endpointslices', '-n', ns, '-l', 'kubernetes.io/service-name=web', '-o', 'jsonpath={.items[*].endpoints[*].addresses[0]}']).trim().split(' ').filter(Boolean);
      if (endpoints.length === 3) break;
    }
    assert.equal(endpoints.length, 3, 'the endpoint slice controller listed the three pods');
    dropNamespace(ns);
  });

  test('a StatefulSet with a volumeClaimTemplate reaches Ready with Bound claims', () => {
    const ns = createNamespace('cp-sts');
    const file = writeTemp(
      'db.yaml',
      `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: ${ns}}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: ${labels('db')}}
  template:
    metadata: {labels: ${labels('db')}}
    spec: {containers: [{name: db, image: postgres:17.11, volumeMounts: [{name: data, mountPath: /var/lib/postgresql/data}]}]}
  volumeClaimTemplates:
    - metadata: {name: data}
      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`,
    );
    assert.equal(serverSideApply(file).status, 0);
    kubectlOk(['rollout', 'status', 'statefulset/db', '-n', ns, '--timeout=120s'], undefined, 150_000);
    const phases = kubectlOk(['get', 'pvc', '-n', ns, '-o', 'jsonpath={.items[*].status.phase}']).trim().split(' ');
    assert.deepEqual(phases, ['Bound', 'Bound']);
    dropNamespace(ns);
  });

  test('a CronJob spawns a Job that completes', () => {
    const ns = createNamespace('cp-cron');
    const file = writeTemp(
      'cron.yaml',
      `apiVersion: batch/v1
kind: CronJob
metadata: {name: tick, namespace: ${ns}}
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec: {restartPolicy: Never, containers: [{name: tick, image: busybox:1.37.0, command: [date]}]}
`,
    );
    assert.equal(serverSideApply(file).status, 0);
    // The CronJob controller starts a Job at the next full minute; kwok then completes its pod.
    const deadline = Date.now() + 150_000;
    let jobs = '';
    while (Date.now() < deadline && !jobs) {
      jobs = kubectlOk(['get', 'jobs', '-n', ns, '-o', 'name']).trim();
      if (!jobs) spawnSync('sleep', ['3']);
    }
    assert.ok(jobs.startsWith('job.batch/tick-'), 'the CronJob created a Job');
    kubectlOk(['wait', '--for=condition=complete', jobs.split('\n')[0]!, '-n', ns, '--timeout=120s'], undefined, 150_000);
    dropNamespace(ns);
  });

  test('the API server rejects an invalid object with its real validation error', () => {
    const ns = createNamespace('cp-invalid');
    const file = writeTemp('bad.yaml', `apiVersion: v1\nkind: Service\nmetadata: {name: bad, namespace: ${ns}}\nspec: {ports: [{port: 70000}]}\n`);
    const r = serverSideApply(file);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /spec\.ports\[0\]\.port: Invalid value: 70000: must be between 1 and 65535/);
    dropNamespace(ns);
  });

  test('deleting a namespace finishes: garbage collection removes its objects', () => {
    const ns = createNamespace('cp-gc');
    const file = writeTemp('gc.yaml', `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: gc, namespace: ${ns}}\nspec:\n  selector: {matchLabels: ${labels('gc')}}\n  template:\n    metadata: {labels: ${labels('gc')}}\n    spec: {containers: [{name: gc, image: busybox:1.37.0}]}\n`);
    assert.equal(serverSideApply(file).status, 0);
    kubectlOk(['wait', '--for=condition=Available', 'deployment/gc', '-n', ns, '--timeout=120s']);
    kubectlOk(['delete', 'namespace', ns, '--wait=true', '--timeout=150s'], undefined, 180_000);
    const gone = kubectl(['get', 'namespace', ns]);
    assert.notEqual(gone.status, 0);
    assert.match(gone.stderr, /NotFound/);
  });

  test('pod logs are served (from the file the harness gives kwok)', () => {
    const ns = createNamespace('cp-logs');
    const file = writeTemp('log.yaml', `apiVersion: v1\nkind: Pod\nmetadata: {name: talker, namespace: ${ns}}\nspec: {containers: [{name: talker, image: busybox:1.37.0}]}\n`);
    assert.equal(serverSideApply(file).status, 0);
    kubectlOk(['wait', '--for=condition=Ready', 'pod/talker', '-n', ns, '--timeout=120s']);
    const status = spawnSync('bash', ['scripts/test-cluster', 'status'], { encoding: 'utf8' }).stdout;
    const logFile = /pod logs:\s+(\S+)/.exec(status)?.[1];
    assert.ok(logFile, `test-cluster status names the pod log file:\n${status}`);
    // The file is in the CRI log format kubelets write: "<time> <stream> <F|P> <message>".
    const expected = readFileSync(logFile!, 'utf8').trim().split('\n').map((l) => l.split(' ').slice(3).join(' '));
    const logs = kubectlOk(['logs', 'talker', '-n', ns]).trim().split('\n');
    assert.deepEqual(logs, expected);
    dropNamespace(ns);
  });
});
