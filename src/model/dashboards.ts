/**
 * What a grafana entry that observability.dashboards names provisions: its datasources (the stack's Prometheus,
 * Loki and SQL servers, with the connection each entry hands its users) and the components its dashboards show.
 * resolve/dashboards.ts builds it onto that entry's ResolvedInfra; catalog/grafana.ts reads nothing else.
 */
import type { Connection } from './resolved.js';

export type DatasourceKind = 'prometheus' | 'loki' | 'postgresql' | 'clickhouse';

export interface DashboardDatasource {
  /** The infra entry behind it. */
  name: string;
  kind: DatasourceKind;
  connection: Connection;
}

export interface DashboardComponent {
  /** Object name (stamped service name or infra name): the workload and its pods are named after it. */
  name: string;
  /** Service kind (service, worker) or catalog type (postgresql, …): one dashboard per kind. */
  kind: string;
  workload: 'Deployment' | 'StatefulSet';
  /** observability.metrics scrapes it (its exporter or metrics port answers `up`). */
  scraped: boolean;
}

export interface ResolvedDashboards {
  /** Sorted by kind, then name. */
  datasources: DashboardDatasource[];
  /** Sorted by kind, then name. */
  components: DashboardComponent[];
  /** The scrape interval (Grafana's minimum step for the Prometheus datasource). */
  interval: string;
}
