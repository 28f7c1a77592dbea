/**
 * Infra configuration on a real API server: the ConfigMap of files, the subPath mounts, the extra env and
 * arguments and the entries' options are accepted by strict server-side apply and every StatefulSet rolls out;
 * a changed file rolls the StatefulSet (a new revision); Kafka ×3 outside production gets a budget that the
 * disruption controller reads as one eviction at a time.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sleep } from '../../src/util/concurrency.js';
import { applyRendered, dropNamespace, kubectlOk, namespaceName, waitAllReady } from './kube.js';

const stack = (maxQueries: number) => `
name: shop
services:
  api: {image: ghcr.io/acme/api:1.0.0, ports: {http: 8080}, uses: [{db: {env: {url: DB_URL, host: null, port: null, database: null, user: null, password: null}}}, cache, analytics, events, {mysql: {env: {url: MY_URL, host: null, port: null, database: null, user: null, password: null}}}]}
infra:
  db:
    type: postgresql
    env: {TZ: Europe/Berlin}
    args: ["-c", "log_min_duration_statement=500"]
    options: {settings: {work_mem: 64MB, jit: false}, sharedMemory: 512Mi}
  mysql:
    type: mysql
    options: {confD: {tuning.cnf: "[mysqld]\\ninnodb_buffer_pool_size = 256M\\n"}}
  cache:
    type: redis
    options: {config: {hz: 20}}
  analytics:
    type: clickhouse
    options: {configD: {limits.xml: "<clickhouse><max_concurrent_queries>${maxQueries}</max_concurrent_queries></clickhouse>"}}
    files: {/etc/clickhouse-server/users.d/ro.xml: "<clickhouse><profiles><ro><readonly>1</readonly></ro></profiles></clickhouse>"}
  events:
    type: kafka
    replicas: 3
    options: {serverProperties: {log.retention.hours: 72}}
`;

const sts = (ns: string, name: string) => JSON.parse(kubectlOk(['get', 'statefulset', name, '-n', ns, '-o', 'json'])) as { spec: { template: { spec: { containers: { args?: string[]; env?: { name: string }[]; volumeMounts?: { mountPath: string }[] }[] } } }; status: { updateRevision?: string; currentRevision?: string } };

test('infra env, args, files and options: applied and rolled out; a changed file rolls the StatefulSet', async () => {
  const ns = namespaceName('infracfg');
  applyRendered(stack(50), ns);
  waitAllReady(ns);

  // What the API server stored is what was rendered (strict apply would have refused unknown fields).
  const db = sts(ns, 'db').spec.template.spec.containers[0]!;
  assert.deepEqual(db.args, ['-c', 'jit=off', '-c', 'work_mem=64MB', '-c', 'log_min_duration_statement=500']);
  assert.equal(db.env?.at(-1)?.name, 'TZ');
  const files = JSON.parse(kubectlOk(['get', 'configmap', 'analytics-files', '-n', ns, '-o', 'json'])) as { data: Record<string, string> };
  assert.match(files.data['etc_clickhouse-server_config.d_limits.xml'] ?? '', /<max_concurrent_queries>50</);
  assert.ok(sts(ns, 'analytics').spec.template.spec.containers[0]!.volumeMounts?.some((m) => m.mountPath === '/etc/clickhouse-server/config.d/limits.xml'));

  const before = sts(ns, 'analytics').status.updateRevision;
  applyRendered(stack(60), ns);
  waitAllReady(ns);
  const after = sts(ns, 'analytics').status;
  assert.notEqual(after.updateRevision, before, 'a changed file is a new pod template revision');
  assert.equal(after.currentRevision, after.updateRevision, 'and the rollout finished');

  // Kafka ×3 in the default profile: the disruption controller allows exactly one eviction.
  let allowed: number | undefined;
  for (let i = 0; i < 120 && allowed === undefined; i++) {
    const s = (JSON.parse(kubectlOk(['get', 'pdb', 'events', '-n', ns, '-o', 'json'])) as { status?: { currentHealthy?: number; disruptionsAllowed?: number } }).status;
    if (s?.currentHealthy === 3) allowed = s.disruptionsAllowed;
    else await sleep(500);
  }
  assert.equal(allowed, 1);
  dropNamespace(ns);
});
