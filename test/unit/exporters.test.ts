/**
 * What a scraped instance (infra.metrics) renders: the exporter beside the server, hardened the same way for every
 * entry, the port named `metrics` on the pods and both Services; nothing of it without infra.metrics.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../src/catalog/builtin.js';
import type { Container } from '../../src/catalog/contract.js';
import { infraConfigIssues } from '../../src/resolve/infra-config.js';
import type { ResolvedInfra } from '../../src/model/resolved.js';
import { CATALOG_CTX, internalInfra } from '../catalog-fixtures.js';

type Obj = Record<string, any>;
const ctx = CATALOG_CTX;

function render(type: string, over: Partial<ResolvedInfra> = {}) {
  const infra = internalInfra(type, over);
  return builtinCatalog.entry(type)!.internal(infra, ctx);
}
const sts = (objects: Obj[]) => objects.find((o) => o.kind === 'StatefulSet')!;
const svcPorts = (objects: Obj[], name: string) => (objects.find((o) => o.kind === 'Service' && o.metadata.name === name)!.spec.ports as Obj[]).map((p) => `${p.name}:${p.port}`);

const EXPORTERS: [type: string, container: string, image: RegExp, uid: number, port: number, over?: Partial<ResolvedInfra>][] = [
  ['postgresql', 'postgres-exporter', /^quay\.io\/prometheuscommunity\/postgres-exporter:v\d+\.\d+\.\d+$/, 65534, 9187],
  ['mysql', 'mysqld-exporter', /^prom\/mysqld-exporter:v\d+\.\d+\.\d+$/, 65534, 9104],
  ['redis', 'redis-exporter', /^oliver006\/redis_exporter:v\d+\.\d+\.\d+$/, 59000, 9121],
  ['redis', 'redis-exporter', /^oliver006\/redis_exporter:v\d+\.\d+\.\d+$/, 59000, 9121, { replicas: 3 }],
  ['nats', 'nats-exporter', /^natsio\/prometheus-nats-exporter:\d+\.\d+\.\d+$/, 65534, 7777],
];

describe('exporters of scraped instances', () => {
  for (const [type, name, image, uid, port, over] of EXPORTERS) {
    it(`${type}${over ? ' (replicas 3)' : ''}: ${name} beside the server, hardened, port metrics on pods and both Services`, () => {
      const out = render(type, { ...over, metrics: true });
      const pod = sts(out.objects as Obj[]).spec.template.spec;
      const c = (pod.containers as Container[]).find((x) => x.name === name)!;
      assert.ok(c, `${name} in ${pod.containers.map((x: Container) => x.name)}`);
      assert.match(c.image, image);
      assert.deepEqual(c.ports, [{ containerPort: port, name: 'metrics', protocol: 'TCP' }]);
      assert.deepEqual(c.securityContext, { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true, runAsGroup: uid, runAsNonRoot: true, runAsUser: uid });
      assert.deepEqual(c.resources?.limits, { cpu: '100m', 'ephemeral-storage': '32Mi', memory: '64Mi' });
      for (const probe of [c.livenessProbe, c.readinessProbe]) assert.equal(probe?.httpGet?.port ?? probe?.tcpSocket?.port, 'metrics');
      // Passwords only through secretKeyRef: no literal env value and no argument carries one.
      for (const e of c.env ?? []) if (/PASS/.test(e.name)) assert.ok(e.valueFrom?.secretKeyRef && e.value === undefined, e.name);
      for (const a of c.args ?? []) assert.doesNotMatch(a, /pass/i);
      assert.ok(svcPorts(out.objects as Obj[], type).includes(`metrics:${port}`));
      assert.ok(svcPorts(out.objects as Obj[], `${type}-headless`).includes(`metrics:${port}`));
      // The server's own container is unchanged: the exporter declares the port itself.
      assert.ok(!(pod.containers[0].ports as Obj[]).some((p) => p.name === 'metrics'));
    });
  }

  it('without infra.metrics nothing changes: no exporter, no metrics port, no monitoring Secret or Job', () => {
    for (const type of ['postgresql', 'mysql', 'redis', 'nats', 'clickhouse', 'rabbitmq', 'kafka']) {
      const out = render(type);
      const json = JSON.stringify(out);
      assert.doesNotMatch(json, /exporter|"metrics"/, type);
      assert.ok(!out.objects.some((o) => o.kind === 'Job'), type);
    }
  });

  it('postgresql and mysql: the provisioning Job makes the monitoring user with the exporter Secret\'s password', () => {
    for (const type of ['postgresql', 'mysql']) {
      const out = render(type, { metrics: true });
      assert.deepEqual(out.secrets.find((s) => s.name === `${type}-exporter`)?.fixed, { user: 'slipway_metrics' });
      const job = (out.objects as Obj[]).find((o) => o.kind === 'Job')!.spec.template.spec.containers[0];
      assert.ok((job.env as Obj[]).some((e) => e.name === 'METRICS_PASSWORD' && e.valueFrom.secretKeyRef.name === `${type}-exporter`), type);
      assert.match(job.command[2], /slipway_metrics/);
    }
    const pg = sts(render('postgresql', { metrics: true }).objects as Obj[]).spec.template.spec.containers[1];
    assert.deepEqual(
      (pg.env as Obj[]).map((e) => [e.name, e.value ?? e.valueFrom.secretKeyRef.name]),
      [
        ['DATA_SOURCE_URI', '127.0.0.1:5432/shop?sslmode=disable'],
        ['DATA_SOURCE_USER', 'slipway_metrics'],
        ['DATA_SOURCE_PASS', 'postgresql-exporter'],
      ],
    );
  });

  it('clickhouse serves its own endpoint: a config.d file with <prometheus> on 9363, port metrics on the server', () => {
    const out = render('clickhouse', { metrics: true });
    const cm = (out.objects as Obj[]).find((o) => o.kind === 'ConfigMap')!;
    assert.match(cm.data['zz-slipway-prometheus.xml'], /<prometheus>[\s\S]*<port>9363<\/port>/);
    const server = sts(out.objects as Obj[]).spec.template.spec.containers[0];
    assert.equal(sts(out.objects as Obj[]).spec.template.spec.containers.length, 1);
    assert.ok((server.ports as Obj[]).some((p) => p.name === 'metrics' && p.containerPort === 9363));
    assert.ok((server.volumeMounts as Obj[]).some((m) => m.mountPath === '/etc/clickhouse-server/config.d/zz-slipway-prometheus.xml'));
    assert.ok(svcPorts(out.objects as Obj[], 'clickhouse').includes('metrics:9363'));
  });

  it("clickhouse: a stack file at the endpoint's config.d path clashes, scraped or not", () => {
    const infra = internalInfra('clickhouse', { files: { '/etc/clickhouse-server/config.d/zz-slipway-prometheus.xml': '<clickhouse/>' } } as Partial<ResolvedInfra>);
    const issues = infraConfigIssues(builtinCatalog.entry('clickhouse')!, infra, ctx);
    assert.ok(issues.some((i) => i.code === 'infra-config-clash' && /zz-slipway-prometheus\.xml is mounted by slipway/.test(i.message)), JSON.stringify(issues));
  });

  it("rabbitmq: the plugin's port 15692 is named metrics, with no second port", () => {
    const out = render('rabbitmq', { metrics: true });
    const server = sts(out.objects as Obj[]).spec.template.spec.containers[0];
    assert.deepEqual((server.ports as Obj[]).filter((p) => p.containerPort === 15692).map((p) => p.name), ['metrics']);
    assert.ok(svcPorts(out.objects as Obj[], 'rabbitmq').includes('metrics:15692'));
  });

  it('kafka: one exporter in a Deployment of its own reading the cluster through the client Service', () => {
    const out = render('kafka', { metrics: true, replicas: 3 });
    assert.equal(sts(out.objects as Obj[]).spec.template.spec.containers.length, 1);
    const dep = (out.objects as Obj[]).find((o) => o.kind === 'Deployment')!;
    assert.equal(dep.metadata.name, 'kafka-exporter');
    assert.equal(dep.spec.replicas, 1);
    const c = dep.spec.template.spec.containers[0] as Container;
    assert.match(c.image, /^danielqsj\/kafka-exporter:v\d+\.\d+\.\d+$/);
    assert.deepEqual(c.args, ['--kafka.server=kafka.shop-dev.svc:9092', '--kafka.version=3.9.2']);
    assert.equal(c.readinessProbe?.httpGet?.path, '/healthz');
    assert.equal(dep.spec.template.spec.initContainers[0].name, 'wait-kafka');
    // Its pods are not the brokers': no broker Service or the StatefulSet selects them.
    assert.notEqual(dep.spec.selector.matchLabels['app.kubernetes.io/name'], sts(out.objects as Obj[]).spec.selector.matchLabels['app.kubernetes.io/name']);
    assert.deepEqual(svcPorts(out.objects as Obj[], 'kafka-exporter'), ['metrics:9308']);
    assert.equal(builtinCatalog.entry('kafka')!.metrics!(internalInfra('kafka', { metrics: true }), ctx).component, 'kafka-exporter');
  });
});
