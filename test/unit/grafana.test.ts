import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { createCatalog } from '../../src/catalog/catalog.js';
import { builtinEntries } from '../../src/catalog/builtin.js';
import { CONFIGMAP_BUDGET, packDashboards } from '../../src/catalog/grafana.js';
import { dashboardSpecs, podPattern } from '../../src/catalog/grafana/dashboards.js';
import { parseStack } from '../../src/load/load-stack.js';
import { resolveStack } from '../../src/resolve/resolve.js';
import { generate } from '../../src/generate/generate.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { echoEntry } from '../catalog-fixtures.js';

type Obj = Record<string, any>;

// The prometheus and loki entries are other parts of issue 10: stand-ins that hand out a connection like theirs.
const catalog = createCatalog([
  ...builtinEntries,
  echoEntry({ type: 'prometheus', needsPassword: false, connection: (i, ctx) => ({ host: `${i.name}.${ctx.namespace}.svc`, port: 9090, tls: false, values: {} }) }),
  echoEntry({ type: 'loki', needsPassword: false, connection: (i, ctx) => (i.mode === 'external' ? { host: 'logs.example.com', port: 443, tls: true, values: {} } : { host: `${i.name}.${ctx.namespace}.svc`, port: 3100, tls: false, values: {} }) }),
]);

function render(text: string): { objects: K8sObject[]; stack: NonNullable<ReturnType<typeof resolveStack>['stack']> } {
  const r = resolveStack(parseStack(text, 'stack.yaml').data as never, undefined, { catalog });
  assert.deepEqual(r.issues, []);
  return { objects: generate(r.stack!, { catalog }).objects, stack: r.stack! };
}

const find = (objects: K8sObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name) as Obj | undefined;
const datasources = (objects: K8sObject[]) => parse(find(objects, 'ConfigMap', 'grafana-provisioning')!.data['datasources.yaml']).datasources as Obj[];
const grafanaContainer = (objects: K8sObject[]) => find(objects, 'StatefulSet', 'grafana')!.spec.template.spec.containers[0] as Obj;
const dashboards = (objects: K8sObject[]) =>
  objects
    .filter((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('grafana-dashboards-'))
    .flatMap((o) => Object.entries((o as Obj).data as Record<string, string>))
    .map(([key, text]) => [key, JSON.parse(text)] as [string, Obj]);

const STACK = (extra = '', grafana = '{ type: grafana }') => `name: shop
infra:
  grafana: ${grafana}
  prom: { type: prometheus }
  logs: { type: loki }
  db: { type: postgresql }
  events: { type: clickhouse }
  cache: { type: redis }
services:
  api:
    image: acme/api:1
    ports: { http: 8080, metrics: 9090 }
    uses: [db, events, cache]
  worker:
    image: acme/worker:1
    kind: worker
observability:
  metrics: { mode: prometheus, interval: 15s }
  dashboards: {}
${extra}`;

describe('grafana datasources', () => {
  it('provisions the stack\'s prometheus, loki and postgresql with their connections; the password only as an env reference', () => {
    const { objects } = render(STACK());
    const list = datasources(objects);
    assert.deepEqual(
      list.map((d) => [d.name, d.type, d.uid, d.url, d.isDefault]),
      [
        ['prom', 'prometheus', 'slipway-prom', 'http://prom.shop.svc:9090', true],
        ['logs', 'loki', 'slipway-logs', 'http://logs.shop.svc:3100', false],
        ['db', 'grafana-postgresql-datasource', 'slipway-db', 'db.shop.svc:5432', false],
      ],
    );
    assert.equal(list[0]!.jsonData.timeInterval, '15s');
    assert.deepEqual(list[2]!.jsonData, { database: 'shop', sslmode: 'disable' });
    assert.equal(list[2]!.user, 'shop');
    assert.deepEqual(list[2]!.secureJsonData, { password: '${SLIPWAY_DS_DB_PASSWORD}' });
    const env = new Map<string, Obj>(grafanaContainer(objects).env.map((e: Obj) => [e.name, e]));
    assert.deepEqual(env.get('SLIPWAY_DS_DB_PASSWORD')?.valueFrom, { secretKeyRef: { key: 'password', name: 'db-credentials' } });
    assert.deepEqual(env.get('GF_SECURITY_ADMIN_PASSWORD')?.valueFrom, { secretKeyRef: { key: 'password', name: 'grafana-credentials' } });
    // No download at start unless plugins are listed; ClickHouse needs its plugin, so it is left out.
    assert.equal(env.get('GF_PLUGINS_PREINSTALL_DISABLED')?.value, 'true');
    assert.ok(!list.some((d) => d.name === 'events'));
  });

  it('adds clickhouse when its plugin is listed, over the HTTP interface with the entry\'s user', () => {
    const { objects } = render(STACK('', '{ type: grafana, options: { plugins: [grafana-clickhouse-datasource] } }'));
    const ch = datasources(objects).find((d) => d.name === 'events')!;
    assert.equal(ch.type, 'grafana-clickhouse-datasource');
    assert.deepEqual(ch.jsonData, { host: 'events.shop.svc', port: 8123, protocol: 'http', secure: false, username: 'shop', defaultDatabase: 'shop' });
    assert.deepEqual(ch.secureJsonData, { password: '${SLIPWAY_DS_EVENTS_PASSWORD}' });
    const env = new Map<string, Obj>(grafanaContainer(objects).env.map((e: Obj) => [e.name, e]));
    assert.equal(env.get('GF_PLUGINS_PREINSTALL')?.value, 'grafana-clickhouse-datasource');
    assert.equal(env.get('SLIPWAY_DS_EVENTS_PASSWORD')?.valueFrom.secretKeyRef.name, 'events-credentials');
  });

  it('points at an external loki by its host, and mounts the provisioning files where Grafana reads them', () => {
    const { objects } = render(STACK().replace('logs: { type: loki }', 'logs: { type: loki, mode: external, external: { host: logs.example.com } }'));
    assert.equal(datasources(objects).find((d) => d.name === 'logs')!.url, 'https://logs.example.com:443');
    const mounts = grafanaContainer(objects).volumeMounts.map((m: Obj) => m.mountPath);
    for (const p of ['/var/lib/grafana', '/tmp', '/etc/grafana/provisioning/datasources', '/etc/grafana/provisioning/dashboards', '/etc/grafana/dashboards']) assert.ok(mounts.includes(p), p);
    assert.match(find(objects, 'StatefulSet', 'grafana')!.spec.template.metadata.annotations['slipway.dev/config-hash'], /^[0-9a-f]{16}$/);
  });

  it('provisions nothing into a grafana that is not the one the block names, nor without the block', () => {
    const { objects, stack } = render(STACK().replace('  dashboards: {}\n', ''));
    assert.equal(find(objects, 'ConfigMap', 'grafana-provisioning'), undefined);
    assert.equal(stack.observability?.dashboards, undefined);
    assert.ok(find(objects, 'StatefulSet', 'grafana'), 'grafana itself still runs');
    const external = render(STACK('', '{ type: grafana, mode: external, external: { host: grafana.example.com, passwordSecret: { name: g } } }'));
    assert.equal(find(external.objects, 'ConfigMap', 'grafana-provisioning'), undefined);
    // The block names the external one; there is nothing to provision into it.
    assert.deepEqual(external.stack.observability?.dashboards, { grafana: 'grafana' });
  });
});

describe('grafana dashboards', () => {
  it('has an overview and one dashboard per kind present, every panel on the provisioned prometheus', () => {
    const { objects } = render(STACK());
    const all = dashboards(objects);
    assert.deepEqual(
      all.map(([key]) => key),
      ['slipway-overview.json', 'slipway-clickhouse.json', 'slipway-grafana.json', 'slipway-loki.json', 'slipway-postgresql.json', 'slipway-prometheus.json', 'slipway-redis.json', 'slipway-service.json', 'slipway-worker.json'],
    );
    for (const [, d] of all) {
      for (const p of d.panels.filter((x: Obj) => x.type !== 'row')) assert.deepEqual(p.datasource, { type: 'prometheus', uid: 'slipway-prom' }, `${d.uid} ${p.title}`);
    }
    const service = Object.fromEntries(all)['slipway-service.json']!;
    const exprs = service.panels.flatMap((p: Obj) => (p.targets ?? []).map((t: Obj) => t.expr)).join('\n');
    // api is scraped (a port named metrics): its request panels follow the OpenTelemetry HTTP histogram.
    assert.match(exprs, /http_server_request_duration_seconds_bucket\{namespace="shop",pod=~"api-\[a-z0-9\]\+-\[a-z0-9\]\{5\}"\}/);
    assert.match(exprs, /kube_deployment_status_replicas_available\{namespace="shop",deployment=~"api"\}/);
    const worker = Object.fromEntries(all)['slipway-worker.json']!;
    // The worker exposes no metrics: pods only, no scrape or request rows.
    assert.deepEqual(worker.panels.filter((p: Obj) => p.type === 'row').map((p: Obj) => p.title), ['Pods']);
  });

  it('adds a kind\'s exporter rows only for scraped components', () => {
    const scope = { stack: 's', environment: 'prod', namespace: 'ns' };
    const specs = dashboardSpecs(
      [
        { name: 'db', kind: 'postgresql', workload: 'StatefulSet', scraped: true },
        { name: 'db2', kind: 'postgresql', workload: 'StatefulSet', scraped: false },
        { name: 'cache', kind: 'redis', workload: 'StatefulSet', scraped: false },
      ],
      scope,
    );
    const pg = specs.find((s) => s.uid === 'slipway-postgresql')!;
    assert.deepEqual(pg.rows.map((r) => r.title), ['Pods', 'Scrape', 'PostgreSQL']);
    // postgres_exporter's name for one instance, CloudNativePG's for a cluster.
    assert.equal(pg.rows[2]!.panels[0]!.queries[0]!.expr, 'pg_up{namespace="ns",pod=~"db-[0-9]+"} or cnpg_collector_up{namespace="ns",pod=~"db-[0-9]+"}');
    assert.equal(pg.rows[0]!.panels[1]!.queries[0]!.expr, 'sum by (pod) (increase(kube_pod_container_status_restarts_total{namespace="ns",pod=~"(?:db|db2)-[0-9]+"}[1h]))');
    assert.deepEqual(specs.find((s) => s.uid === 'slipway-redis')!.rows.map((r) => r.title), ['Pods']);
  });

  it('matches a component\'s own pods and not those of a component whose name it prefixes', () => {
    const re = (p: string) => new RegExp(`^${p.replace('(?:', '(?:')}$`);
    const api = re(podPattern([{ name: 'api', kind: 'service', workload: 'Deployment', scraped: true }]));
    assert.ok(api.test('api-5d4f8b7c9-x2k7q'));
    assert.ok(!api.test('api-v2-5d4f8b7c9-x2k7q'));
    const db = re(podPattern([{ name: 'db', kind: 'postgresql', workload: 'StatefulSet', scraped: true }]));
    assert.ok(db.test('db-0'));
    assert.ok(!db.test('db-replica-0'));
  });

  it('provisions the datasources but no dashboards without a prometheus datasource', () => {
    const { objects } = render(STACK().replace('  prom: { type: prometheus }\n', '').replace('{ mode: prometheus, interval: 15s }', '{ mode: operator }'));
    assert.deepEqual(dashboards(objects), []);
    assert.deepEqual(datasources(objects).map((d) => d.name), ['logs', 'db']);
    assert.ok(!grafanaContainer(objects).volumeMounts.some((m: Obj) => m.mountPath === '/etc/grafana/dashboards'));
  });

  it('splits dashboards over ConfigMaps below 1 MiB', () => {
    const big = 'x'.repeat(400 * 1024);
    const parts = packDashboards([['a.json', big], ['b.json', big], ['c.json', big]]);
    assert.deepEqual(parts.map((p) => Object.keys(p)), [['a.json', 'b.json'], ['c.json']]);
    for (const p of parts) assert.ok(Buffer.byteLength(JSON.stringify(p)) < CONFIGMAP_BUDGET + 1024);
  });
});

describe('grafana network policies', () => {
  it('lets grafana reach its datasources and each accept it (production profile)', () => {
    const { objects } = render(`profile: production\n${STACK()}`);
    const grafana = find(objects, 'NetworkPolicy', 'grafana')!;
    const to = grafana.spec.egress.map((r: Obj) => [r.to?.[0]?.podSelector?.matchLabels?.['app.kubernetes.io/name'], r.ports.map((p: Obj) => p.port).join(',')]);
    assert.deepEqual(to.find(([n]: string[]) => n === 'db'), ['db', '5432']);
    const db = find(objects, 'NetworkPolicy', 'db')!;
    assert.ok(db.spec.ingress.some((r: Obj) => r.from.some((f: Obj) => f.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'grafana')));
  });
});
