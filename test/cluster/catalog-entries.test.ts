/**
 * The entries of issue 9 item 5 on the real API server: one stack with each of them (clustered where the entry
 * supports it) and an app that uses them goes through `up` to Ready; the API server accepts every object as
 * rendered (strict server-side apply through up), the StatefulSets run as the images' users, and the app carries
 * each entry's wait and connection data.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { slipway } from '../helpers.js';
import { dropNamespace, kubectlOk, namespaceName } from './kube.js';

type Obj = Record<string, any>;

const STACK = join('test', 'fixtures', 'catalog-entries', 'stack.yaml');

test('rabbitmq, nats, nacos (on a mysql entry), mongodb, minio, opensearch and prometheus reach Ready with an app that waits for each', () => {
  const ns = namespaceName('entries');
  try {
    const up = slipway(['up', '-f', STACK, '-n', ns, '--timeout', '300']);
    assert.equal(up.status, 0, up.stderr + up.stdout);

    const users: Record<string, [number, number]> = { mq: [3, 999], bus: [3, 10001], 'config-db': [1, 999], config: [3, 10001], docs: [3, 999], blobs: [4, 10001], search: [1, 1000], metrics: [1, 65534] };
    for (const [name, [replicas, uid]] of Object.entries(users)) {
      const sts = JSON.parse(kubectlOk(['get', 'statefulset', name, '-n', ns, '-o', 'json'])) as Obj;
      assert.equal(sts.status.readyReplicas, replicas, `${name} ready replicas`);
      assert.equal(sts.spec.template.spec.securityContext.runAsUser, uid, `${name} runs as the image's user`);
    }

    const app = JSON.parse(kubectlOk(['get', 'deployment', 'app', '-n', ns, '-o', 'json'])) as Obj;
    assert.equal(app.status.readyReplicas, 1);
    const spec = app.spec.template.spec;
    assert.deepEqual(spec.initContainers.map((c: Obj) => c.name).sort(), ['wait-blobs', 'wait-bus', 'wait-config', 'wait-docs', 'wait-metrics', 'wait-mq', 'wait-search']);
    const env = new Map<string, Obj>(spec.containers[0].env.map((e: Obj) => [e.name, e]));
    assert.equal(env.get('AMQP')?.value, `amqp://entries:$(RABBITMQ_PASSWORD)@mq.${ns}.svc:5672/%2F`);
    assert.equal(env.get('NATS')?.value, `nats://entries:$(NATS_PASSWORD)@bus.${ns}.svc:4222`);
    assert.equal(env.get('NACOS_SERVER_URL')?.value, `http://config.${ns}.svc:8848`);
    const members = [0, 1, 2].map((i) => `docs-${i}.docs-headless.${ns}.svc:27017`).join(',');
    assert.equal(env.get('MONGO')?.value, `mongodb://app:$(MONGODB_PASSWORD)@${members}/entries?replicaSet=docs&authSource=admin`);
    assert.equal(env.get('MONGODB_PASSWORD')?.valueFrom?.secretKeyRef?.name, 'docs-app-credentials', 'users never get the root password');
    assert.equal(env.get('S3_ENDPOINT_URL')?.value, `http://blobs.${ns}.svc:9000`);
    assert.equal(env.get('PROMETHEUS')?.value, `http://metrics.${ns}.svc:9090`);
    assert.equal(env.get('OPENSEARCH_URL')?.value, `https://admin:$(OPENSEARCH_PASSWORD)@search.${ns}.svc:9200`);
    // The replica set's initiating Job ran to completion.
    const jobs = JSON.parse(kubectlOk(['get', 'jobs', '-n', ns, '-o', 'json'])) as Obj;
    const initiate = jobs.items.find((j: Obj) => j.metadata.name.startsWith('docs-provision-'));
    assert.equal(initiate?.status?.succeeded, 1);
    assert.equal(env.get('RABBITMQ_PASSWORD')?.valueFrom?.secretKeyRef?.name, 'mq-credentials');

    // The generated Secrets exist with every key the entries declared (values are never printed).
    const mq = JSON.parse(kubectlOk(['get', 'secret', 'mq-credentials', '-n', ns, '-o', 'json'])) as Obj;
    assert.deepEqual(Object.keys(mq.data).sort(), ['erlang-cookie', 'password', 'user']);
    const docsApp = JSON.parse(kubectlOk(['get', 'secret', 'docs-app-credentials', '-n', ns, '-o', 'json'])) as Obj;
    assert.deepEqual(Object.keys(docsApp.data).sort(), ['database', 'password', 'user']);

    const down = slipway(['down', '-f', STACK, '-n', ns]);
    assert.equal(down.status, 0, down.stderr + down.stdout);
  } finally {
    dropNamespace(ns);
  }
});

const GRAFANA = join('test', 'fixtures', 'grafana', 'stack.yaml');

test('grafana (production profile, restricted namespace) reaches Ready provisioned with the stack\'s PostgreSQL and ClickHouse, and its policies let it reach them', () => {
  const ns = namespaceName('grafana');
  try {
    const up = slipway(['up', '-f', GRAFANA, '-n', ns, '--timeout', '300']);
    assert.equal(up.status, 0, up.stderr + up.stdout);
    const nsObj = JSON.parse(kubectlOk(['get', 'namespace', ns, '-o', 'json'])) as Obj;
    assert.equal(nsObj.metadata.labels['pod-security.kubernetes.io/enforce'], 'restricted');

    const sts = JSON.parse(kubectlOk(['get', 'statefulset', 'grafana', '-n', ns, '-o', 'json'])) as Obj;
    assert.equal(sts.status.readyReplicas, 1);
    const pod = sts.spec.template.spec;
    assert.equal(pod.securityContext.runAsUser, 472);
    assert.equal(pod.containers[0].securityContext.readOnlyRootFilesystem, true);
    const env = new Map<string, Obj>(pod.containers[0].env.map((e: Obj) => [e.name, e]));
    assert.equal(env.get('SLIPWAY_DS_DB_PASSWORD')?.valueFrom?.secretKeyRef?.name, 'db-credentials');
    assert.equal(env.get('SLIPWAY_DS_EVENTS_PASSWORD')?.valueFrom?.secretKeyRef?.name, 'events-credentials');

    const provisioning = JSON.parse(kubectlOk(['get', 'configmap', 'grafana-provisioning', '-n', ns, '-o', 'json'])) as Obj;
    assert.match(provisioning.data['datasources.yaml'], new RegExp(`url: db\\.${ns}\\.svc:5432`));
    assert.match(provisioning.data['datasources.yaml'], /type: grafana-clickhouse-datasource/);

    const policy = JSON.parse(kubectlOk(['get', 'networkpolicy', 'grafana', '-n', ns, '-o', 'json'])) as Obj;
    const reaches = (name: string) => policy.spec.egress.find((r: Obj) => r.to?.some((t: Obj) => t.podSelector?.matchLabels?.['app.kubernetes.io/name'] === name));
    assert.deepEqual(reaches('db')?.ports.map((p: Obj) => p.port), [5432]);
    assert.deepEqual(reaches('events')?.ports.map((p: Obj) => p.port), [8123, 9000]);
    // The db's ingress rules as `up` sent them: each keeps its peers (`from`). The client library's typed models
    // call that field `_from`, and a policy serialized through them arrived with no peers at all (any pod let in).
    const db = JSON.parse(kubectlOk(['get', 'networkpolicy', 'db', '-n', ns, '-o', 'json'])) as Obj;
    assert.ok(db.spec.ingress.some((r: Obj) => r.from?.some((f: Obj) => f.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'grafana')));

    const down = slipway(['down', '-f', GRAFANA, '-n', ns]);
    assert.equal(down.status, 0, down.stderr + down.stdout);
  } finally {
    dropNamespace(ns);
  }
});
