/** Pure parts of the day-2 commands: container choice, the client command and URL of connect, the run Job. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseContainer } from '../../src/commands/ready-pod.js';
import { localUrl, shellFor } from '../../src/commands/connect-shell.js';
import { runJob } from '../../src/lifecycle/run-job.js';
import { pruneSet } from '../../src/plan/prune.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { SlipwayError } from '../../src/diagnostics/errors.js';

const pod = (containers: string[], init: { name: string; restartPolicy?: string }[] = []): K8sObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p-1' }, spec: { containers: containers.map((name) => ({ name })), initContainers: init } });

test('the container: asked, else the only one, else the one named like the component; wait init containers never count', () => {
  assert.equal(chooseContainer(pod(['api'], [{ name: 'wait-db' }]), ['api']), 'api');
  assert.equal(chooseContainer(pod(['proxy', 'api']), ['api']), 'api');
  assert.equal(chooseContainer(pod(['api'], [{ name: 'mesh', restartPolicy: 'Always' }]), [], 'mesh'), 'mesh', 'a sidecar is a long-running container');
  assert.throws(() => chooseContainer(pod(['proxy', 'agent']), ['api']), (e: SlipwayError) => /several containers \(proxy, agent\); say which/.test(e.message) && e.diagnostics[0]!.hint === 'pass --container proxy');
  assert.throws(() => chooseContainer(pod(['api'], [{ name: 'wait-db' }]), ['api'], 'wait-db'), (e: SlipwayError) => /no container "wait-db"/.test(e.message));
});

test('connect --shell: the password only in the environment variable each client reads', () => {
  const conn = { host: 'db.shop.svc', port: 5432, tls: false, user: 'shop', database: 'orders', values: {}, url: 'postgresql://shop:{password}@db.shop.svc:5432/orders' };
  assert.deepEqual(shellFor('postgresql', conn, 15432, 's3cret'), { program: 'psql', args: [], env: { PGHOST: '127.0.0.1', PGPORT: '15432', PGUSER: 'shop', PGDATABASE: 'orders', PGPASSWORD: 's3cret' } });
  for (const [type, variable] of [['mysql', 'MYSQL_PWD'], ['redis', 'REDISCLI_AUTH'], ['clickhouse', 'CLICKHOUSE_PASSWORD']] as const) {
    const cmd = shellFor(type, conn, 1, 's3cret')!;
    assert.equal(cmd.env[variable], 's3cret', type);
    assert.ok(!cmd.args.some((a) => a.includes('s3cret')), `${type}: not on the command line`);
  }
  assert.equal(shellFor('kafka', conn, 1, 'x'), undefined);
  assert.equal(localUrl(conn, 15432, undefined), 'postgresql://shop:***@127.0.0.1:15432/orders');
  assert.equal(localUrl(conn, 15432, 'p@ss/word'), 'postgresql://shop:p%40ss%2Fword@127.0.0.1:15432/orders');
});

const owner = { stack: 'shop', environment: 'prod', namespace: 'shop-prod' };
const deployment: K8sObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'api', namespace: 'shop-prod', labels: { 'app.kubernetes.io/name': 'api' } },
  spec: {
    replicas: 3,
    template: {
      metadata: { labels: { 'app.kubernetes.io/name': 'api' } },
      spec: { restartPolicy: 'Always', initContainers: [{ name: 'wait-db' }], containers: [{ name: 'api', image: 'api:1', args: ['serve'], readinessProbe: { tcpSocket: { port: 8080 } }, livenessProbe: {}, startupProbe: {}, env: [{ name: 'A', value: '1' }] }, { name: 'proxy', image: 'p:1', readinessProbe: {} }] },
    },
  },
};

test("run SERVICE -- cmd: the service's pod template with the command replaced in the app container, no probes, Never, a readiness gate", () => {
  const job = runJob({ owner, component: 'api', source: deployment, container: 'api', command: ['./manage.py', 'migrate'], deadlineSeconds: 120 }) as K8sObject & { spec: Record<string, unknown> & { template: { spec: Record<string, unknown> & { containers: Record<string, unknown>[] } } } };
  assert.equal(job.metadata.name, undefined);
  assert.equal(job.metadata.generateName, 'api-run-');
  assert.equal(job.metadata.labels?.['slipway.dev/run'], 'true');
  assert.equal(job.metadata.labels?.['app.kubernetes.io/managed-by'], 'slipway');
  assert.deepEqual(job.spec.template.spec.containers[0], { name: 'api', image: 'api:1', env: [{ name: 'A', value: '1' }], command: ['./manage.py', 'migrate'] });
  assert.deepEqual(job.spec.template.spec.containers[1], { name: 'proxy', image: 'p:1', readinessProbe: {} }, 'other containers as rendered');
  assert.deepEqual(job.spec.template.spec.initContainers, [{ name: 'wait-db' }], 'it waits for its dependencies like the service');
  assert.equal(job.spec.template.spec.restartPolicy, 'Never');
  assert.deepEqual(job.spec.template.spec.readinessGates, [{ conditionType: 'slipway.dev/one-off-task' }]);
  assert.equal(job.spec.backoffLimit, 0);
  assert.equal(job.spec.activeDeadlineSeconds, 120);
  assert.equal(job.spec.replicas, undefined);
});

test('prune leaves Jobs slipway run started, and only those', () => {
  const live = [runJob({ owner, component: 'api', source: deployment, command: ['x'], deadlineSeconds: 1 }), deployment].map((o, i) => ({ ...o, metadata: { ...o.metadata, name: `o${i}` } }));
  assert.deepEqual(pruneSet([], live).map((o) => o.metadata.name), ['o1']);
});
