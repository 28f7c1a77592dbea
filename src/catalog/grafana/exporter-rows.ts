/**
 * The rows a kind's dashboard adds for its own metrics, from the metric names of the exporter (or endpoint) the
 * catalog scrapes it with: postgres_exporter, mysqld_exporter, redis_exporter, kafka_exporter, ClickHouse's
 * built-in /metrics; and, for stack services, the OpenTelemetry HTTP server histogram
 * (`http.server.request.duration` in Prometheus form), which shows "No data" for a service that exports another.
 * `sel` is the label matcher of the kind's pods (namespace and pod names).
 */
import type { RowSpec } from './dashboard-json.js';

type Rows = (sel: string, namespace: string) => RowSpec[];

const HTTP = 'http_server_request_duration_seconds';

const services: Rows = (sel) => [
  {
    title: 'Requests (OpenTelemetry HTTP server metrics)',
    panels: [
      { type: 'timeseries', title: 'Requests per second', unit: 'reqps', queries: [{ expr: `sum by (pod) (rate(${HTTP}_count{${sel}}[5m]))`, legend: '{{pod}}' }] },
      { type: 'timeseries', title: 'Server errors (5xx) per second', unit: 'reqps', queries: [{ expr: `sum by (pod) (rate(${HTTP}_count{${sel},http_response_status_code=~"5.."}[5m]))`, legend: '{{pod}}' }] },
      {
        type: 'timeseries',
        title: 'Latency p50 / p95',
        unit: 's',
        width: 24,
        queries: [
          { expr: `histogram_quantile(0.5, sum by (le) (rate(${HTTP}_bucket{${sel}}[5m])))`, legend: 'p50' },
          { expr: `histogram_quantile(0.95, sum by (le) (rate(${HTTP}_bucket{${sel}}[5m])))`, legend: 'p95' },
        ],
      },
    ],
  },
];

/**
 * One instance runs postgres_exporter; a CloudNativePG cluster's instance manager serves the same facts under its
 * own names (config/manager/default-monitoring.yaml: cnpg_<query>_<column>), so each query reads both with `or`.
 */
const postgresql: Rows = (sel) => [
  {
    title: 'PostgreSQL',
    panels: [
      { type: 'stat', title: 'Server up', unit: 'short', queries: [{ expr: `pg_up{${sel}} or cnpg_collector_up{${sel}}`, legend: '{{pod}}' }] },
      {
        type: 'timeseries',
        title: 'Connections',
        unit: 'short',
        queries: [
          { expr: `sum by (pod) (pg_stat_activity_count{${sel}}) or sum by (pod) (cnpg_backends_total{${sel}})`, legend: '{{pod}}' },
          { expr: `max by (pod) (pg_settings_max_connections{${sel}}) or max by (pod) (cnpg_pg_settings_setting{${sel},name="max_connections"})`, legend: '{{pod}} max' },
        ],
      },
      { type: 'timeseries', title: 'Replication lag', unit: 's', queries: [{ expr: `pg_replication_lag_seconds{${sel}} or cnpg_pg_replication_lag{${sel}}`, legend: '{{pod}}' }] },
      { type: 'timeseries', title: 'Database size', unit: 'bytes', queries: [{ expr: `pg_database_size_bytes{${sel}} or cnpg_pg_database_size_bytes{${sel}}`, legend: '{{pod}} {{datname}}' }] },
      {
        type: 'timeseries',
        title: 'Deadlocks per second',
        unit: 'short',
        queries: [{ expr: `sum by (pod) (rate(pg_stat_database_deadlocks{${sel}}[5m])) or sum by (pod) (rate(cnpg_pg_stat_database_deadlocks{${sel}}[5m]))`, legend: '{{pod}}' }],
      },
    ],
  },
];

const mysql: Rows = (sel) => [
  {
    title: 'MySQL',
    panels: [
      { type: 'stat', title: 'Server up', unit: 'short', queries: [{ expr: `mysql_up{${sel}}`, legend: '{{pod}}' }] },
      {
        type: 'timeseries',
        title: 'Connections',
        unit: 'short',
        queries: [
          { expr: `mysql_global_status_threads_connected{${sel}}`, legend: '{{pod}}' },
          { expr: `mysql_global_variables_max_connections{${sel}}`, legend: '{{pod}} max' },
        ],
      },
      { type: 'timeseries', title: 'Slow queries per second', unit: 'short', queries: [{ expr: `rate(mysql_global_status_slow_queries{${sel}}[5m])`, legend: '{{pod}}' }] },
      {
        type: 'timeseries',
        title: 'Replication lag',
        unit: 's',
        // MySQL 8.4 removed SHOW SLAVE STATUS: the exporter then names the column after SHOW REPLICA STATUS.
        queries: [{ expr: `mysql_slave_status_seconds_behind_source{${sel}} or mysql_slave_status_seconds_behind_master{${sel}}`, legend: '{{pod}}' }],
      },
    ],
  },
];

const redis: Rows = (sel) => [
  {
    title: 'Redis',
    panels: [
      { type: 'stat', title: 'Server up', unit: 'short', queries: [{ expr: `redis_up{${sel}}`, legend: '{{pod}}' }] },
      {
        type: 'timeseries',
        title: 'Memory',
        unit: 'bytes',
        queries: [
          { expr: `redis_memory_used_bytes{${sel}}`, legend: '{{pod}}' },
          { expr: `redis_memory_max_bytes{${sel}}`, legend: '{{pod}} max' },
        ],
      },
      { type: 'timeseries', title: 'Connected clients', unit: 'short', queries: [{ expr: `redis_connected_clients{${sel}}`, legend: '{{pod}}' }] },
      { type: 'timeseries', title: 'Rejected connections per second', unit: 'short', queries: [{ expr: `rate(redis_rejected_connections_total{${sel}}[5m])`, legend: '{{pod}}' }] },
      {
        type: 'timeseries',
        title: 'Replication',
        unit: 'short',
        queries: [
          { expr: `redis_connected_slaves{${sel}}`, legend: '{{pod}} replicas' },
          { expr: `redis_master_link_up{${sel}}`, legend: '{{pod}} link up' },
        ],
      },
    ],
  },
];

// kafka_exporter reads the whole cluster from wherever it runs, so its series are matched by namespace only.
const kafka: Rows = (_sel, namespace) => {
  const ns = `namespace="${namespace}"`;
  return [
    {
      title: 'Kafka',
      panels: [
        { type: 'stat', title: 'Brokers', unit: 'short', queries: [{ expr: `max(kafka_brokers{${ns}})` }] },
        { type: 'timeseries', title: 'Under-replicated partitions', unit: 'short', queries: [{ expr: `sum by (topic) (kafka_topic_partition_under_replicated_partition{${ns}})`, legend: '{{topic}}' }] },
        { type: 'timeseries', title: 'Consumer group lag', unit: 'short', queries: [{ expr: `sum by (consumergroup, topic) (kafka_consumergroup_lag{${ns}})`, legend: '{{consumergroup}} {{topic}}' }] },
        { type: 'timeseries', title: 'Messages in per second', unit: 'short', queries: [{ expr: `sum by (topic) (rate(kafka_topic_partition_current_offset{${ns}}[5m]))`, legend: '{{topic}}' }] },
      ],
    },
  ];
};

const clickhouse: Rows = (sel) => [
  {
    title: 'ClickHouse',
    panels: [
      { type: 'stat', title: 'Running queries', unit: 'short', queries: [{ expr: `ClickHouseMetrics_Query{${sel}}`, legend: '{{pod}}' }] },
      {
        type: 'timeseries',
        title: 'Queries per second',
        unit: 'short',
        queries: [
          { expr: `sum by (pod) (rate(ClickHouseProfileEvents_SelectQuery{${sel}}[5m]))`, legend: '{{pod}} select' },
          { expr: `sum by (pod) (rate(ClickHouseProfileEvents_InsertQuery{${sel}}[5m]))`, legend: '{{pod}} insert' },
          { expr: `sum by (pod) (rate(ClickHouseProfileEvents_FailedQuery{${sel}}[5m]))`, legend: '{{pod}} failed' },
        ],
      },
      { type: 'timeseries', title: 'Replica delay', unit: 's', queries: [{ expr: `ClickHouseAsyncMetrics_ReplicasMaxAbsoluteDelay{${sel}}`, legend: '{{pod}}' }] },
      { type: 'timeseries', title: 'Largest part count in a partition', unit: 'short', queries: [{ expr: `ClickHouseAsyncMetrics_MaxPartCountForPartition{${sel}}`, legend: '{{pod}}' }] },
    ],
  },
];

/** Kinds with metrics of their own, when scraped. */
export const EXPORTER_ROWS: Readonly<Record<string, Rows>> = { service: services, worker: services, postgresql, mysql, redis, kafka, clickhouse };
