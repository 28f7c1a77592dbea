/**
 * `slipway run` against the real control plane: the Job controller runs the fresh Job, kwok completes its pod and
 * serves its log, the command exits with the Job's result; prune on the next `up` leaves the run, `down` removes it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { slipway, stackFile } from '../helpers.js';
import { dropNamespace, kubectlOk, namespaceName } from './kube.js';

const STACK = `name: shop
services:
  api:
    image: ghcr.io/acme/api:1.4.2
    ports: {http: 8080}
    uses: [db, migrate]
  migrate: {kind: job, image: ghcr.io/acme/migrate:1.4.2, uses: [db]}
infra:
  db: {type: postgresql}
environments:
  ok: {}
  # The same Job, placed where no node is: its run never starts, and the Job controller fails it at its deadline.
  stuck:
    services:
      migrate: {placement: {nodeSelector: {pool: none}}}
`;

interface JobItem {
  metadata: { name: string; labels: Record<string, string>; annotations?: Record<string, string> };
  spec: { activeDeadlineSeconds?: number; ttlSecondsAfterFinished?: number; backoffLimit?: number; template: { spec: { restartPolicy: string; readinessGates?: { conditionType: string }[]; containers: { name: string; image: string; command?: string[]; readinessProbe?: unknown }[] } } };
  status?: { succeeded?: number };
}
const jobs = (ns: string) => (JSON.parse(kubectlOk(['get', 'jobs', '-n', ns, '-o', 'json'])) as { items: JobItem[] }).items;

describe('run', () => {
  test('run migrate: a fresh Job from the rendered template runs to completion, its log streamed, exit 0; up keeps it, down deletes it', () => {
    const ns = namespaceName('d2-run');
    const file = stackFile(STACK);
    const up = slipway(['up', '-f', file, '-e', 'ok', '-n', ns]);
    assert.equal(up.status, 0, up.stdout + up.stderr);
    const rendered = jobs(ns);
    assert.equal(rendered.length, 1);

    const r = slipway(['run', 'migrate', '-f', file, '-e', 'ok', '-n', ns]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const name = /Job (migrate-run-[a-z0-9]{5}) succeeded \([\d.]+s\)\n$/.exec(r.stdout)?.[1];
    assert.ok(name, r.stdout);
    // kwok serves every container's log from the cluster's pod.log: these are its lines, through the real log endpoint.
    assert.match(r.stdout, new RegExp(`^${name}-[a-z0-9]{5}/migrate \\| slipway-test-cluster: pod log line 1 `, 'm'));
    assert.match(r.stdout, /\/migrate \| slipway-test-cluster: pod log line 3\n/);
    assert.match(r.stderr, new RegExp(`note: started Job ${name} \\(a fresh run of migrate\\)`));

    const run = jobs(ns).find((j) => j.metadata.name === name)!;
    assert.equal(run.status?.succeeded, 1);
    assert.deepEqual(run.spec.template.spec.containers, rendered[0]!.spec.template.spec.containers, 'the same pod template as rendered');
    assert.equal(run.spec.backoffLimit, rendered[0]!.spec.backoffLimit);
    assert.equal(run.spec.ttlSecondsAfterFinished, 86400);
    assert.equal(run.spec.activeDeadlineSeconds, 300);
    assert.equal(run.metadata.labels['slipway.dev/run'], 'true');
    assert.equal(run.metadata.labels['app.kubernetes.io/managed-by'], 'slipway');
    assert.equal(run.metadata.annotations?.['slipway.dev/run-of'], `Job/${rendered[0]!.metadata.name}`);

    // -o json: log records and a result line.
    const json = slipway(['run', 'migrate', '-f', file, '-e', 'ok', '-n', ns, '-o', 'json']);
    assert.equal(json.status, 0, json.stdout + json.stderr);
    const records = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.ok(records.some((x) => x.container === 'migrate' && x.line === 'slipway-test-cluster: pod log line 2'));
    assert.deepEqual(Object.keys(records.at(-1)!).sort(), ['component', 'job', 'seconds', 'status', 'type']);
    assert.equal(records.at(-1)!.status, 'succeeded');

    const again = slipway(['up', '-f', file, '-e', 'ok', '-n', ns]);
    assert.equal(again.status, 0, again.stdout + again.stderr);
    assert.doesNotMatch(again.stdout, /deleted Job\/migrate-run/, 'prune leaves on-demand runs');
    assert.equal(jobs(ns).length, 3);
    const down = slipway(['down', '-f', file, '-e', 'ok', '-n', ns]);
    assert.equal(down.status, 0, down.stdout + down.stderr);
    assert.match(down.stdout, new RegExp(`deleted Job/${ns}/${name}\n`));
    assert.equal(jobs(ns).length, 0);
    dropNamespace(ns);
  });

  test("run api -- cmd: the service's image, env and wiring with the command replaced, no probes, never Ready for its Service", () => {
    const ns = namespaceName('d2-task');
    const file = stackFile(STACK);
    assert.equal(slipway(['up', '-f', file, '-e', 'ok', '-n', ns]).status, 0);
    const r = slipway(['run', 'api', '-f', file, '-e', 'ok', '-n', ns, '--', './manage.py', 'clearsessions', '--verbose']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^api-run-[a-z0-9]{5}-[a-z0-9]{5}\/api \| slipway-test-cluster: pod log line 1/m);
    const task = jobs(ns).find((j) => j.metadata.name.startsWith('api-run-'))!;
    const deployment = JSON.parse(kubectlOk(['get', 'deployment', 'api', '-n', ns, '-o', 'json'])) as { spec: { template: { spec: { containers: { name: string; image: string; env: unknown }[] } } } };
    const [container] = task.spec.template.spec.containers;
    assert.equal(container!.image, deployment.spec.template.spec.containers[0]!.image);
    assert.deepEqual((container as unknown as { env: unknown }).env, deployment.spec.template.spec.containers[0]!.env);
    assert.deepEqual(container!.command, ['./manage.py', 'clearsessions', '--verbose']);
    assert.equal(container!.readinessProbe, undefined);
    assert.equal(task.spec.template.spec.restartPolicy, 'Never');
    assert.equal(task.spec.backoffLimit, 0);
    assert.deepEqual(task.spec.template.spec.readinessGates, [{ conditionType: 'slipway.dev/one-off-task' }]);

    const noCommand = slipway(['run', 'api', '-f', file, '-e', 'ok', '-n', ns]);
    assert.equal(noCommand.status, 2);
    assert.match(noCommand.stderr, /api is a service: say what to run in its image/);
    assert.match(noCommand.stderr, /slipway run api -- <command>/);
    dropNamespace(ns);
  });

  test('a Job that fails: exit 1 with the reason and the stall explained', () => {
    const ns = namespaceName('d2-runfail');
    const file = stackFile(STACK);
    assert.equal(slipway(['up', '-f', file, '-e', 'ok', '-n', ns]).status, 0);
    const r = slipway(['run', 'migrate', '-f', file, '-e', 'stuck', '-n', ns, '--timeout', '4']);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /Job migrate-run-[a-z0-9]{5} failed: DeadlineExceeded: Job was active longer than specified deadline — Unschedulable: 0\/\d+ nodes are available/);
    assert.match(r.stderr, /\[run-failed\]/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    dropNamespace(ns);
  });

  test('not deployed: exit 2 naming up', () => {
    const ns = namespaceName('d2-runabsent');
    kubectlOk(['create', 'namespace', ns]);
    const r = slipway(['run', 'migrate', '-f', stackFile(STACK), '-e', 'ok', '-n', ns]);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /migrate is not deployed in namespace/);
    dropNamespace(ns);
  });
});
