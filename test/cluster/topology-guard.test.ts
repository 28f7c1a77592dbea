/**
 * up's topology guard against the real API server: a live single PostgreSQL (StatefulSet) switched to HA
 * (CloudNativePG Cluster, its real CRD installed) and back, a live Redis Sentinel set and a ClickHouse Keeper
 * ensemble resized. Each is refused with exit 2, located at the instance's replicas, before anything is written;
 * --allow-topology-change applies it. The operator's reports come from test/cluster/cnpg.ts (no operator runs here).
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { slipway, stackFile } from '../helpers.js';
import { CLUSTERS, healthyOperatorReports, installCnpgCrd } from './cnpg.js';
import { dropNamespace, kubectl, kubectlOk, namespaceName } from './kube.js';

const stack = (db: number, cache: number, keeper: number) => `name: topo
services:
  api:
    image: ghcr.io/acme/api:1.0.0
    ports: { http: 8080 }
    uses: [db, cache]
infra:
  db:
    type: postgresql
    replicas: ${db}
  cache:
    type: redis
    replicas: ${cache}
  keeper:
    type: clickhouse-keeper
    replicas: ${keeper}
`;

const replicasOf = (ns: string, name: string) => Number(kubectlOk(['get', 'statefulset', name, '-n', ns, '-o', 'jsonpath={.spec.replicas}']));

before(installCnpgCrd);

test('up refuses topology changes that lose data or quorum, located, until --allow-topology-change', () => {
  const ns = namespaceName('topology');
  const operator = healthyOperatorReports(ns);
  try {
    const v1 = stackFile(stack(1, 3, 3));
    const first = slipway(['up', '-f', v1, '-n', ns, '--timeout', '180']);
    assert.equal(first.status, 0, first.stdout + first.stderr);

    // One server → HA, a Sentinel set of 3 → 1, a Keeper ensemble of 3 → 1: all three refused at once.
    const v2 = stackFile(stack(3, 1, 1));
    const refused = slipway(['up', '-f', v2, '-n', ns, '--timeout', '180']);
    assert.equal(refused.status, 2, refused.stdout + refused.stderr);
    assert.match(refused.stderr, /slipway\.yaml:10:15: error: infra\.db: the live PostgreSQL is one server \(StatefulSet db, data on volume data-db-0\); replicas: 3 makes it a CloudNativePG Cluster/);
    assert.match(refused.stderr, /slipway\.yaml:13:15: error: infra\.cache: the live Redis is a Sentinel set of 3; replicas: 1 keeps only pod cache-0 as a plain server/);
    assert.match(refused.stderr, /slipway\.yaml:16:15: error: infra\.keeper: the live ClickHouse Keeper ensemble has 3 member\(s\); replicas: 1 rewrites every member's Raft configuration/);
    assert.match(refused.stderr, /bootstrap\.initdb\.import/);
    assert.match(refused.stderr, /or run up with --allow-topology-change to apply it anyway/);
    assert.doesNotMatch(refused.stderr, /at .*\.js:\d+/, 'no stack trace');
    // Nothing was written: no Cluster, the StatefulSets keep their sizes, no second revision.
    assert.notEqual(kubectl(['get', CLUSTERS, 'db', '-n', ns]).status, 0);
    assert.equal(replicasOf(ns, 'db'), 1);
    assert.equal(replicasOf(ns, 'cache'), 3);
    assert.equal(replicasOf(ns, 'keeper'), 3);
    assert.doesNotMatch(slipway(['history', '-f', v2, '-n', ns]).stdout, /^\s*2\s/m);

    // Given knowingly, the flag applies them. (Redis keeps its 3: a Sentinel set and a single server differ in
    // StatefulSet fields the API server does not let change, podManagementPolicy, so that switch is a recreate.)
    const v3 = stackFile(stack(3, 3, 1));
    const allowed = slipway(['up', '-f', v3, '-n', ns, '--timeout', '180', '--allow-topology-change']);
    assert.equal(allowed.status, 0, allowed.stdout + allowed.stderr);
    assert.equal(kubectlOk(['get', CLUSTERS, 'db', '-n', ns, '-o', 'jsonpath={.spec.instances}']), '3');
    assert.notEqual(kubectl(['get', 'statefulset', 'db', '-n', ns]).status, 0, 'the single server was pruned');
    assert.equal(replicasOf(ns, 'keeper'), 1);

    // And back: HA → one server is refused (the operator deletes its volumes with the Cluster), as is Keeper 1 → 3;
    // the Sentinel set keeping its size is not.
    const back = slipway(['up', '-f', v1, '-n', ns, '--timeout', '180']);
    assert.equal(back.status, 2, back.stdout + back.stderr);
    assert.match(back.stderr, /infra\.db: the live PostgreSQL is a CloudNativePG Cluster of 3; replicas: 1 makes it one StatefulSet server/);
    assert.match(back.stderr, /infra\.keeper: the live ClickHouse Keeper ensemble has 1 member\(s\); replicas: 3/);
    assert.doesNotMatch(back.stderr, /infra\.cache/);
    assert.match(back.stderr, /2 errors/);
  } finally {
    operator.stop();
    dropNamespace(ns);
  }
});
