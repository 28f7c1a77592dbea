/**
 * The dashboards a provisioned Grafana gets: a stack overview and one per component kind present (services,
 * workers, each catalog type), each showing every component of its kind. Pod panels read kube-state-metrics
 * (`kube_*`) and the kubelet's cAdvisor (`container_*`); a scraped kind adds its exporter's rows
 * (exporter-rows.ts). Series are matched by namespace and pod name, the labels both a generated scrape
 * configuration and the Prometheus Operator's ServiceMonitors put on every target.
 */
import type { DashboardComponent } from '../../model/dashboards.js';
import type { DashboardSpec, PanelSpec, RowSpec } from './dashboard-json.js';
import { EXPORTER_ROWS } from './exporter-rows.js';

export interface DashboardScope {
  stack: string;
  environment: string;
  namespace: string;
}

const TITLES: Readonly<Record<string, string>> = {
  service: 'Services',
  worker: 'Workers',
  postgresql: 'PostgreSQL',
  mysql: 'MySQL',
  clickhouse: 'ClickHouse',
  mongodb: 'MongoDB',
  rabbitmq: 'RabbitMQ',
  nats: 'NATS',
  minio: 'MinIO',
  opensearch: 'OpenSearch',
  'otel-collector': 'OpenTelemetry Collector',
  'fluent-bit': 'Fluent Bit',
};

export function kindTitle(kind: string): string {
  return TITLES[kind] ?? kind.charAt(0).toUpperCase() + kind.slice(1);
}

/** Grafana uids are at most 40 characters; a kind is a catalog type name (lowercase, short). */
export function dashboardUid(kind: string): string {
  return `slipway-${kind}`.slice(0, 40);
}

/**
 * Pod names of the components: a Deployment's are `<name>-<replicaset hash>-<5 chars>`, a StatefulSet's
 * `<name>-<ordinal>`. Anchored (PromQL regexes are), so `api` never matches the pods of `api-v2`.
 */
export function podPattern(components: readonly DashboardComponent[]): string {
  const names = components.map((c) => c.name);
  const alternatives = names.length === 1 ? names[0]! : `(?:${names.join('|')})`;
  const suffix = components[0]?.workload === 'Deployment' ? '-[a-z0-9]+-[a-z0-9]{5}' : '-[0-9]+';
  return `${alternatives}${suffix}`;
}

export function dashboardSpecs(components: readonly DashboardComponent[], scope: DashboardScope): DashboardSpec[] {
  const byKind = new Map<string, DashboardComponent[]>();
  for (const c of components) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c]);
  const tags = ['slipway', scope.stack, scope.environment];
  const title = (what: string) => `${scope.stack} (${scope.environment}) · ${what}`;
  const kinds = [...byKind.entries()].sort(([a], [b]) => a.localeCompare(b));
  return [
    { uid: dashboardUid('overview'), title: title('Overview'), description: `Every component of ${scope.namespace}`, tags, rows: overviewRows(components, scope.namespace) },
    ...kinds.map(([kind, list]) => ({
      uid: dashboardUid(kind),
      title: title(kindTitle(kind)),
      description: list.map((c) => c.name).join(', '),
      tags,
      rows: kindRows(kind, list, scope.namespace),
    })),
  ];
}

function kindRows(kind: string, list: readonly DashboardComponent[], namespace: string): RowSpec[] {
  const sel = `namespace="${namespace}",pod=~"${podPattern(list)}"`;
  const scraped = list.filter((c) => c.scraped);
  const own = EXPORTER_ROWS[kind];
  const scrapedSel = `namespace="${namespace}",pod=~"${podPattern(scraped)}"`;
  return [
    { title: 'Pods', panels: podPanels(list, namespace, sel) },
    ...(scraped.length ? [{ title: 'Scrape', panels: [upPanel(scrapedSel)] }] : []),
    ...(scraped.length && own ? own(scrapedSel, namespace) : []),
  ];
}

function upPanel(sel: string): PanelSpec {
  return { type: 'timeseries', title: 'Metrics endpoint up', unit: 'short', queries: [{ expr: `up{${sel}}`, legend: '{{pod}}' }] };
}

/** Ready replicas per workload (kube-state-metrics names the Deployment or StatefulSet in its own label). */
function readyQueries(components: readonly DashboardComponent[], namespace: string) {
  const of = (workload: DashboardComponent['workload']) => components.filter((c) => c.workload === workload).map((c) => c.name);
  const deployments = of('Deployment');
  const statefulSets = of('StatefulSet');
  return [
    ...(deployments.length ? [{ expr: `kube_deployment_status_replicas_available{namespace="${namespace}",deployment=~"${deployments.join('|')}"}`, legend: '{{deployment}}' }] : []),
    ...(statefulSets.length ? [{ expr: `kube_statefulset_status_replicas_ready{namespace="${namespace}",statefulset=~"${statefulSets.join('|')}"}`, legend: '{{statefulset}}' }] : []),
  ];
}

function podPanels(components: readonly DashboardComponent[], namespace: string, sel: string): PanelSpec[] {
  return [
    { type: 'stat', title: 'Ready replicas', unit: 'short', queries: readyQueries(components, namespace) },
    { type: 'timeseries', title: 'Container restarts (1h)', unit: 'short', queries: [{ expr: `sum by (pod) (increase(kube_pod_container_status_restarts_total{${sel}}[1h]))`, legend: '{{pod}}' }] },
    { type: 'timeseries', title: 'CPU (cores)', unit: 'short', queries: [{ expr: `sum by (pod) (rate(container_cpu_usage_seconds_total{${sel},container!=""}[5m]))`, legend: '{{pod}}' }] },
    { type: 'timeseries', title: 'Memory (working set)', unit: 'bytes', queries: [{ expr: `sum by (pod) (container_memory_working_set_bytes{${sel},container!=""})`, legend: '{{pod}}' }] },
  ];
}

function overviewRows(components: readonly DashboardComponent[], namespace: string): RowSpec[] {
  const ns = `namespace="${namespace}"`;
  return [
    {
      title: 'Components',
      panels: [
        { type: 'stat', title: 'Ready replicas', unit: 'short', queries: readyQueries(components, namespace), width: 24 },
        {
          type: 'stat',
          title: 'Metrics endpoints up / down',
          unit: 'short',
          queries: [
            { expr: `count(up{${ns}} == 1) or vector(0)`, legend: 'up' },
            { expr: `count(up{${ns}} == 0) or vector(0)`, legend: 'down' },
          ],
        },
        { type: 'timeseries', title: 'Pods not ready', unit: 'short', queries: [{ expr: `sum by (pod) (kube_pod_status_ready{${ns},condition="false"}) > 0`, legend: '{{pod}}' }] },
      ],
    },
    {
      title: 'Resources',
      panels: [
        { type: 'timeseries', title: 'CPU by pod (cores)', unit: 'short', queries: [{ expr: `sum by (pod) (rate(container_cpu_usage_seconds_total{${ns},container!=""}[5m]))`, legend: '{{pod}}' }] },
        { type: 'timeseries', title: 'Memory by pod (working set)', unit: 'bytes', queries: [{ expr: `sum by (pod) (container_memory_working_set_bytes{${ns},container!=""})`, legend: '{{pod}}' }] },
        { type: 'timeseries', title: 'Container restarts (1h)', unit: 'short', width: 24, queries: [{ expr: `sum by (pod) (increase(kube_pod_container_status_restarts_total{${ns}}[1h])) > 0`, legend: '{{pod}}' }] },
      ],
    },
  ];
}
