/**
 * The default alert rules, per kind of thing the stack has. Metric names, thresholds and `for` follow the
 * kubernetes-mixin (workloads, volumes) and the exporters' own metrics (postgres_exporter, mysqld_exporter,
 * redis_exporter, kafka_exporter, ClickHouse's built-in endpoint); each expression is written here, scoped by
 * alert-scope.ts. A kind the stack does not have gets no rules. docs/observability.md's table is written from
 * this list (`npm run docs`).
 */
import { jobsOf, kubeScoped, oneOf, scoped, type AlertScope } from './alert-scope.js';

export type Severity = 'critical' | 'warning';

export interface DefaultAlert {
  /** Alert name: `Slipway` + CamelCase, so they never collide with kube-prometheus's `Kube*` rules. */
  name: string;
  for: string;
  severity: Severity;
  summary: string;
  description: string;
  expr(scope: AlertScope, jobs: readonly string[]): string;
}

export interface AlertKind {
  /** `workloads`, `volumes`, `targets`, or the catalog type whose scraped instances the rules watch. */
  kind: string;
  /** Where the metrics come from, for the docs. */
  source: string;
  /** The components the rules watch; none means the stack does not have this kind. */
  jobs(scope: AlertScope): string[];
  alerts: readonly DefaultAlert[];
}

const byType = (type: string) => (s: AlertScope) => jobsOf(s, type);
const where = '{{ $labels.namespace }}/{{ $labels.job }}';

export const ALERT_KINDS: readonly AlertKind[] = [
  {
    kind: 'workloads',
    source: 'kube-state-metrics (job `kube-state-metrics`, observability.metrics.kubeStateMetricsJob)',
    jobs: (s) => [...s.workloads],
    alerts: [
      {
        name: 'SlipwayWorkloadUnavailable',
        for: '15m',
        severity: 'warning',
        summary: '{{ $labels.namespace }}/{{ $labels.deployment }}{{ $labels.statefulset }} has fewer available replicas than it asks for',
        description: 'Replicas have been missing for 15 minutes while no rollout progressed; see `slipway status` for the pods\' reasons.',
        // A rollout in progress changes replicas_updated, so only a stalled shortfall fires.
        expr: (s, w) => {
          const d = `${kubeScoped(s)},${oneOf('deployment', w)}`;
          const st = `${kubeScoped(s)},${oneOf('statefulset', w)}`;
          return (
            `(kube_deployment_spec_replicas{${d}} > kube_deployment_status_replicas_available{${d}} and changes(kube_deployment_status_replicas_updated{${d}}[10m]) == 0)` +
            ` or (kube_statefulset_replicas{${st}} != kube_statefulset_status_replicas_ready{${st}} and changes(kube_statefulset_status_replicas_updated{${st}}[10m]) == 0)`
          );
        },
      },
      {
        name: 'SlipwayPodCrashLooping',
        for: '15m',
        severity: 'warning',
        summary: 'container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} is crash looping',
        description: 'The container has been in CrashLoopBackOff for 15 minutes; `slipway status` shows its last exit.',
        // Pods are named after their workload plus a suffix, so the namespace is the stack's scope here.
        expr: (s) => `max_over_time(kube_pod_container_status_waiting_reason{${kubeScoped(s)},reason="CrashLoopBackOff"}[5m]) >= 1`,
      },
    ],
  },
  {
    kind: 'volumes',
    source: 'kubelet (kubelet_volume_stats_*: Prometheus must scrape the nodes\' kubelets)',
    jobs: (s) => (s.volumes ? ['volumes'] : []),
    alerts: [
      {
        name: 'SlipwayVolumeNearlyFull',
        for: '1h',
        severity: 'warning',
        summary: 'volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has less than 15% free',
        description: '{{ $value | humanizePercentage }} of the claim is free; grow the claim (infra storage:) or clean up.',
        expr: (s) => volumeFree(s, 0.15),
      },
      {
        name: 'SlipwayVolumeFull',
        for: '1m',
        severity: 'critical',
        summary: 'volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has less than 3% free',
        description: '{{ $value | humanizePercentage }} of the claim is free; writes will fail soon.',
        expr: (s) => volumeFree(s, 0.03),
      },
    ],
  },
  {
    kind: 'targets',
    source: 'Prometheus (`up` of every scraped component)',
    jobs: (s) => jobsOf(s),
    alerts: [
      {
        name: 'SlipwayTargetDown',
        for: '5m',
        severity: 'warning',
        summary: `metrics of ${where} cannot be scraped from {{ $labels.instance }}`,
        description: 'The endpoint has not answered a scrape for 5 minutes: the pod is down or its exporter fails.',
        expr: (s, j) => `up{${scoped(s, j)}} == 0`,
      },
    ],
  },
  {
    kind: 'postgresql',
    source: 'postgres_exporter; CloudNativePG\'s instance manager (cnpg_* names) for replicas > 1',
    jobs: byType('postgresql'),
    alerts: [
      {
        name: 'SlipwayPostgresqlDown',
        for: '1m',
        severity: 'critical',
        summary: `PostgreSQL ${where} is down`,
        description: 'The exporter on {{ $labels.instance }} cannot connect to its server (pg_up or cnpg_collector_up is 0).',
        // One instance: postgres_exporter's pg_up; a CloudNativePG cluster: its instance manager's cnpg_collector_up.
        expr: (s, j) => `pg_up{${scoped(s, j)}} == 0 or cnpg_collector_up{${scoped(s, j)}} == 0`,
      },
      {
        name: 'SlipwayPostgresqlReplicationLag',
        for: '30s',
        severity: 'warning',
        summary: `PostgreSQL replica ${where} ({{ $labels.instance }}) lags {{ $value | humanizeDuration }} behind its primary`,
        description: 'The replica has replayed nothing newer for more than 5 seconds.',
        expr: (s, j) =>
          `(pg_replication_lag_seconds{${scoped(s, j)}} > 5 and on (namespace, job, instance) pg_replication_is_replica{${scoped(s, j)}} == 1)` +
          ` or (cnpg_pg_replication_lag{${scoped(s, j)}} > 5 and on (namespace, job, instance) cnpg_pg_replication_in_recovery{${scoped(s, j)}} == 1)`,
      },
      {
        name: 'SlipwayPostgresqlTooManyConnections',
        for: '2m',
        severity: 'warning',
        summary: `PostgreSQL ${where} ({{ $labels.instance }}) uses more than 80% of max_connections`,
        description: '{{ $value }} connections are open; new ones will be refused at max_connections.',
        expr: (s, j) =>
          `sum by (namespace, job, instance) (pg_stat_activity_count{${scoped(s, j)}}) > 0.8 * max by (namespace, job, instance) (pg_settings_max_connections{${scoped(s, j)}})` +
          ` or sum by (namespace, job, instance) (cnpg_backends_total{${scoped(s, j)}}) > 0.8 * max by (namespace, job, instance) (cnpg_pg_settings_setting{${scoped(s, j)},name="max_connections"})`,
      },
    ],
  },
  {
    kind: 'mysql',
    source: 'mysqld_exporter',
    jobs: byType('mysql'),
    alerts: [
      {
        name: 'SlipwayMysqlDown',
        for: '1m',
        severity: 'critical',
        summary: `MySQL ${where} is down`,
        description: 'The exporter on {{ $labels.instance }} cannot connect to its server (mysql_up is 0).',
        expr: (s, j) => `mysql_up{${scoped(s, j)}} == 0`,
      },
      {
        name: 'SlipwayMysqlReplicationStopped',
        for: '1m',
        severity: 'critical',
        summary: `MySQL replica ${where} ({{ $labels.instance }}) stopped replicating`,
        description: 'Its IO or SQL replication thread is not running.',
        // MySQL 8.4 answers only SHOW REPLICA STATUS (replica_* columns), older servers slave_*; the prefix stays.
        expr: (s, j) =>
          `min by (namespace, job, instance, channel_name) ({__name__=~"mysql_slave_status_(slave|replica)_(io|sql)_running",${scoped(s, j)}}) == 0`,
      },
      {
        name: 'SlipwayMysqlReplicationLag',
        for: '1m',
        severity: 'critical',
        summary: `MySQL replica ${where} ({{ $labels.instance }}) lags {{ $value | humanizeDuration }} behind its source`,
        description: 'Seconds behind the source have been above 30 for a minute.',
        expr: (s, j) =>
          `max by (namespace, job, instance, channel_name) ({__name__=~"mysql_slave_status_seconds_behind_(master|source)",${scoped(s, j)}}) > 30`,
      },
    ],
  },
  {
    kind: 'redis',
    source: 'redis_exporter',
    jobs: byType('redis'),
    alerts: [
      {
        name: 'SlipwayRedisDown',
        for: '1m',
        severity: 'critical',
        summary: `Redis ${where} is down`,
        description: 'The exporter on {{ $labels.instance }} cannot reach its server (redis_up is 0).',
        expr: (s, j) => `redis_up{${scoped(s, j)}} == 0`,
      },
      {
        name: 'SlipwayRedisReplicationBroken',
        for: '1m',
        severity: 'critical',
        summary: `Redis replica ${where} ({{ $labels.instance }}) lost its link to the primary`,
        description: 'master_link_status is down, so the replica serves stale data.',
        expr: (s, j) => `redis_master_link_up{${scoped(s, j)}} == 0`,
      },
    ],
  },
  {
    kind: 'kafka',
    source: 'kafka_exporter',
    jobs: byType('kafka'),
    alerts: [
      {
        name: 'SlipwayKafkaConsumerLag',
        for: '1m',
        severity: 'warning',
        summary: `consumer group {{ $labels.consumergroup }} lags {{ $value }} messages behind on ${where}`,
        description: 'The group\'s summed lag over its topics is above 10000 messages.',
        expr: (s, j) => `sum by (namespace, job, consumergroup) (kafka_consumergroup_lag{${scoped(s, j)}}) > 10000`,
      },
      {
        name: 'SlipwayKafkaUnderReplicatedPartitions',
        for: '5m',
        severity: 'warning',
        summary: `topic {{ $labels.topic }} on ${where} has {{ $value }} under-replicated partitions`,
        description: 'Some partitions have fewer in-sync replicas than replicas: a broker is down or behind.',
        expr: (s, j) => `sum by (namespace, job, topic) (kafka_topic_partition_under_replicated_partition{${scoped(s, j)}}) > 0`,
      },
    ],
  },
  {
    kind: 'clickhouse',
    source: 'ClickHouse\'s built-in /metrics endpoint',
    jobs: byType('clickhouse'),
    alerts: [
      {
        name: 'SlipwayClickhouseReplicaDelay',
        for: '5m',
        severity: 'warning',
        summary: `ClickHouse ${where} ({{ $labels.instance }}) replicas lag {{ $value | humanizeDuration }}`,
        description: 'The largest delay of a replicated table behind its replicas has been above 300 seconds.',
        expr: (s, j) => `ClickHouseAsyncMetrics_ReplicasMaxAbsoluteDelay{${scoped(s, j)}} > 300`,
      },
    ],
  },
];

function volumeFree(s: AlertScope, ratio: number): string {
  const ns = scoped(s);
  // A claim that reports no usage yet (just bound) is not nearly full.
  return `kubelet_volume_stats_available_bytes{${ns}} / kubelet_volume_stats_capacity_bytes{${ns}} < ${ratio} and kubelet_volume_stats_used_bytes{${ns}} > 0`;
}

/**
 * Alerts the issue asks for that no default rule covers, and why: shown in the docs beside the table.
 */
export const NOT_COVERED: readonly { alert: string; why: string }[] = [
  {
    alert: 'certificate expiry',
    why: 'no metric source in the stack: slipway issues no certificates (an Ingress names a Secret, cert-manager or a person fills it) and runs no blackbox exporter; with cert-manager, its own `certmanager_certificate_expiration_timestamp_seconds` rules apply',
  },
];
