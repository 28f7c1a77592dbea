/**
 * The provisioning of the grafana entry observability.dashboards names (model/dashboards.ts): which entries become
 * its datasources and which components its dashboards show. Resolve sets it on that entry's ResolvedInfra once
 * the observability block is resolved.
 */
import type { DashboardComponent, DashboardDatasource, DatasourceKind, ResolvedDashboards } from '../model/dashboards.js';
import type { ResolvedObservability } from '../model/observability.js';
import type { ResolvedService } from '../model/resolved.js';
import type { ResolveContext } from './context.js';

/** Grafana's plugin id of the ClickHouse datasource: not bundled with Grafana, installed at start when listed. */
export const CLICKHOUSE_PLUGIN = 'grafana-clickhouse-datasource';

const KIND_ORDER: readonly DatasourceKind[] = ['prometheus', 'loki', 'postgresql', 'clickhouse'];

export function dashboardsOf(ctx: ResolveContext, observability: ResolvedObservability, services: readonly ResolvedService[]): ResolvedDashboards | undefined {
  const grafana = observability.dashboards && ctx.infra.get(observability.dashboards.grafana);
  if (!grafana || grafana.resolved.mode !== 'internal') return undefined;
  const plugins = (grafana.resolved.options?.['plugins'] as readonly string[] | undefined) ?? [];
  const ofType = (type: string) => [...ctx.infra.keys()].filter((n) => ctx.infra.get(n)!.entry.type === type).sort();
  // Prometheus and Loki: the one the block names, else the stack's only one (an external one in operator mode).
  const only = (type: string, named: string | undefined) => (named ? [named] : ofType(type).length === 1 ? ofType(type) : []);
  const chosen: [DatasourceKind, string[]][] = [
    ['prometheus', only('prometheus', observability.metrics?.prometheus)],
    ['loki', only('loki', observability.logs?.loki)],
    ['postgresql', ofType('postgresql')],
    // Without the plugin Grafana would refuse the datasource's type and log an error at every start.
    ['clickhouse', plugins.includes(CLICKHOUSE_PLUGIN) ? ofType('clickhouse') : []],
  ];
  const datasources: DashboardDatasource[] = chosen.flatMap(([kind, names]) =>
    names.map((name) => {
      const { entry, resolved } = ctx.infra.get(name)!;
      return { name, kind, connection: entry.connection(resolved, ctx.catalog) };
    }),
  );
  datasources.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.name.localeCompare(b.name));

  const scraped = new Set((observability.metrics?.targets ?? []).map((t) => t.component));
  const components: DashboardComponent[] = [
    ...services.filter((s) => s.kind === 'service' || s.kind === 'worker').map((s) => ({ name: s.name, kind: s.kind, workload: 'Deployment' as const, scraped: scraped.has(s.name) })),
    ...[...ctx.infra.values()]
      .filter(({ resolved }) => resolved.mode === 'internal')
      .map(({ resolved }) => ({ name: resolved.name, kind: resolved.type, workload: 'StatefulSet' as const, scraped: scraped.has(resolved.name) })),
  ].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  return { datasources, components, interval: observability.metrics?.interval ?? '30s' };
}
