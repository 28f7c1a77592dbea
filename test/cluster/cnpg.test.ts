/**
 * A replicated PostgreSQL is a CloudNativePG Cluster, and `up` waits for it by its status conditions (kstatus,
 * src/k8s/kinds/custom-resource.ts). The Cluster CRD is CloudNativePG's own, built from its Go module; the
 * operator's reports are written through the status subresource (test/cluster/cnpg.ts), so the API server
 * validates the resource and its status against the real schema. Proves: the rendered Cluster and its
 * basic-auth Secrets are accepted; `up` waits while the Cluster is not Ready (and says why, with the
 * condition's message), then succeeds once it is; `status` shows the Cluster's row; `down` keeps the Cluster
 * (it owns its volumes) and `down --purge` deletes it; a Stalled condition fails `up` with the operator's message.
 */
import assert from 'node:assert/strict';
import { describe, before, test } from 'node:test';
import { slipway, stackFile } from '../helpers.js';
import { CLUSTERS, installCnpgCrd, reportStatus } from './cnpg.js';
import { dropNamespace, kubectlOk, namespaceName } from './kube.js';
import { runUntil } from './run-async.js';

const STACK = `
name: ledger
services:
  api:
    image: ghcr.io/acme/ledger-api:2.1.0
    ports: { http: 8080 }
    uses:
      - db: { database: ledger_api }
infra:
  # settings and sharedMemory land in the Cluster's spec: the real CRD checks the field names.
  db: { type: postgresql, replicas: 3, storage: 10Gi, options: { settings: { work_mem: 64MB }, sharedMemory: 512Mi } }
`;

describe('CloudNativePG Cluster through up', () => {
  before(installCnpgCrd);

  test('up waits for the Cluster by its Ready condition (with its message), then succeeds; status shows it', async () => {
    const ns = namespaceName('cnpg-ready');
    const file = stackFile(STACK);
    let sawWaiting = '';
    const r = await runUntil(['up', '-f', file, '-n', ns, '--timeout', '120'], /waiting for db: Cluster\/db: no status reported yet/, (out) => {
      sawWaiting = out;
      // The operator has started: one instance up, the Cluster not Ready yet.
      reportStatus(ns, 'db', [{ type: 'Ready', status: 'False', reason: 'ClusterIsNotReady', message: 'Cluster Is Not Ready' }], 1);
      // …and a little later it is healthy.
      setTimeout(() => reportStatus(ns, 'db', [{ type: 'Ready', status: 'True', reason: 'ClusterIsReady', message: 'Cluster is Ready' }], 3), 3000);
    });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.ok(sawWaiting, 'up waited for the Cluster before the operator reported');
    assert.match(r.stdout, /waiting for db: Cluster\/db: Ready \(ClusterIsNotReady\): Cluster Is Not Ready/);
    // The api waits for db: it is applied only after the Cluster is Ready.
    const dbReady = r.stdout.search(/^ {2}ready db \(/m);
    assert.ok(dbReady > 0 && dbReady < r.stdout.indexOf(`created Deployment/${ns}/api`), r.stdout);
    // The objects the operator reads: the Cluster with its bootstrap owner and the basic-auth credentials.
    const cluster = JSON.parse(kubectlOk(['get', CLUSTERS, 'db', '-n', ns, '-o', 'json'])) as { spec: Record<string, any> };
    assert.equal(cluster.spec.instances, 3);
    assert.deepEqual(cluster.spec.bootstrap.initdb, { database: 'ledger', owner: 'ledger', secret: { name: 'db-credentials' } });
    assert.equal(kubectlOk(['get', 'secret', 'db-credentials', '-n', ns, '-o', 'jsonpath={.type}']), 'kubernetes.io/basic-auth');
    assert.equal(Buffer.from(kubectlOk(['get', 'secret', 'db-superuser-credentials', '-n', ns, '-o', 'jsonpath={.data.username}']), 'base64').toString(), 'postgres');
    // Users connect to the primary through the operator's read-write Service.
    const env = kubectlOk(['get', 'deployment', 'api', '-n', ns, '-o', 'jsonpath={.spec.template.spec.containers[0].env[?(@.name=="DATABASE_HOST")].value}']);
    assert.equal(env, `db-rw.${ns}.svc`);
    const status = slipway(['status', '-f', file, '-n', ns]);
    assert.equal(status.status, 0, status.stderr);
    assert.match(status.stdout, /^db\s+Cluster\s+3\/3\s/m);
    // The Cluster owns its volumes (the operator deletes them with it): down keeps it like a claim, --purge not.
    const down = slipway(['down', '-f', file, '-n', ns]);
    assert.equal(down.status, 0, down.stderr);
    assert.match(down.stdout, new RegExp(`Cluster/${ns}/db`));
    assert.equal(kubectlOk(['get', CLUSTERS, 'db', '-n', ns, '-o', 'name']).trim(), `cluster.postgresql.cnpg.io/db`);
    assert.notEqual(kubectlOk(['get', 'deployment', '-n', ns, '-o', 'name']).trim(), 'deployment.apps/api');
    const purge = slipway(['down', '-f', file, '-n', ns, '--purge', '--yes']);
    assert.equal(purge.status, 0, purge.stderr);
    assert.equal(kubectlOk(['get', CLUSTERS, '-n', ns, '-o', 'name']).trim(), '');
    dropNamespace(ns);
  });

  test('a Stalled Cluster fails up with the operator’s message', async () => {
    const ns = namespaceName('cnpg-stalled');
    const file = stackFile(STACK);
    const r = await runUntil(['up', '-f', file, '-n', ns, '--timeout', '120'], /waiting for db: Cluster\/db/, () => {
      reportStatus(
        ns,
        'db',
        [
          { type: 'Ready', status: 'False', reason: 'ClusterIsNotReady', message: 'Cluster Is Not Ready' },
          { type: 'Stalled', status: 'True', reason: 'ImageNotSupported', message: 'the image has no pg_basebackup on PATH' },
        ],
        0,
      );
    });
    assert.notEqual(r.code, 0, r.stdout);
    assert.match(r.stdout + r.stderr, /Cluster\/db: Stalled \(ImageNotSupported\): the image has no pg_basebackup on PATH/);
    assert.ok(!r.stdout.includes(`Deployment/${ns}/api`), `the api was never applied:\n${r.stdout}`);
    dropNamespace(ns);
  });
});
