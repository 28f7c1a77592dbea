/**
 * The default alert rules against Prometheus's own rule engine: `promtool check rules` on every default group and
 * a stack's own rules, and `promtool test rules` with one case per default rule (series that fire it, series that
 * must not: healthy ones, another namespace's, a component the stack does not have), expecting the exact labels
 * and annotations. Every case is then run against rules whose scope or severity is broken, which must fail.
 * promtool comes from the testbin (Debian's prometheus package); without it the test fails.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { yamlDocument } from '../../src/emit/yaml.js';
import type { AlertRule, RuleGroup } from '../../src/generate/observability/alert-rule.js';
import type { AlertScope } from '../../src/generate/observability/alert-scope.js';
import { alertsTable } from '../../src/generate/observability/alerts-docs.js';
import { ALERT_KINDS } from '../../src/generate/observability/default-alerts.js';
import { ruleGroups } from '../../src/generate/observability/rule-groups.js';
import { KSM_PORT_NAME, ksmName, ksmSelector } from '../../src/catalog/kube-state-metrics.js';
import { prometheusConfig } from '../../src/catalog/prometheus-config.js';
import { KUBE_STATE_METRICS_JOB, type ResolvedMetrics, type ResolvedObservability } from '../../src/model/observability.js';

const NS = 'shop';
const scope: AlertScope = {
  namespace: NS,
  workloads: ['api', 'db'],
  volumes: true,
  kubeStateMetrics: KUBE_STATE_METRICS_JOB,
  targets: [
    { component: 'api', kind: 'service', port: 'metrics', path: '/metrics' },
    { component: 'cache', kind: 'infra', type: 'redis', port: 'metrics', path: '/metrics' },
    { component: 'ch', kind: 'infra', type: 'clickhouse', port: 'metrics', path: '/metrics' },
    { component: 'db', kind: 'infra', type: 'postgresql', port: 'metrics', path: '/metrics' },
    { component: 'events', kind: 'infra', type: 'kafka', port: 'metrics', path: '/metrics' },
    { component: 'my', kind: 'infra', type: 'mysql', port: 'metrics', path: '/metrics' },
  ],
};
const metrics: ResolvedMetrics = { mode: 'prometheus', prometheus: 'prom', interval: '30s', targets: [...scope.targets], labels: {}, kubeStateMetrics: { job: scope.kubeStateMetrics, internal: true } };
const observability: ResolvedObservability = {
  metrics,
  alerts: {
    defaults: true,
    rules: [{ name: 'QueueBacklog', expr: 'sum by (queue) (queue_depth) > 100', for: '10m', severity: 'critical', summary: 'queue {{ $labels.queue }} backs up', labels: { team: 'orders' } }],
  },
};

interface Expected {
  labels: Record<string, string>;
  summary: string;
  description: string;
}
interface Case {
  alert: string;
  series: Record<string, string>;
  at: string;
  fires: Expected[];
}

/**
 * The job kube-state-metrics' series get from the prometheus entry's generated scrape configuration (the job that
 * discovers its pods), so the kube_* cases below are the series that Prometheus would store.
 */
const KSM_JOB: string = (() => {
  const labels = { stack: NS, environment: 'dev' };
  const config = prometheusConfig(metrics, 'prom', { labels, namespace: NS, port: 9090, kubeStateMetrics: { pods: ksmSelector('prom', labels), port: KSM_PORT_NAME } });
  const jobs = config['scrape_configs'] as { job_name: string; kubernetes_sd_configs?: { selectors: { label: string }[] }[] }[];
  const ksm = jobs.filter((j) => j.kubernetes_sd_configs?.[0]?.selectors[0]?.label.includes(`=${ksmName('prom')}`));
  assert.equal(ksm.length, 1, 'one scrape job finds kube-state-metrics');
  return ksm[0]!.job_name;
})();
const kube = (labels: Record<string, string>) => ({ ...labels, job: KSM_JOB });

const s = (metric: string, labels: Record<string, string>) => `${metric}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',')}}`;
const pg = (instance: string) => ({ namespace: NS, job: 'db', instance });
const my = (instance: string) => ({ namespace: NS, job: 'my', instance, master_host: 'my-0.my-headless', channel_name: '' });

// Each case: what fires, and beside it what must stay quiet.
const CASES: Case[] = [
  {
    alert: 'SlipwayWorkloadUnavailable',
    series: {
      [s('kube_deployment_spec_replicas', kube({ namespace: NS, deployment: 'api' }))]: '3x40',
      [s('kube_deployment_status_replicas_available', kube({ namespace: NS, deployment: 'api' }))]: '1x40',
      [s('kube_deployment_status_replicas_updated', kube({ namespace: NS, deployment: 'api' }))]: '3x40',
      [s('kube_statefulset_replicas', kube({ namespace: NS, statefulset: 'db' }))]: '3x40',
      [s('kube_statefulset_status_replicas_ready', kube({ namespace: NS, statefulset: 'db' }))]: '2x40',
      [s('kube_statefulset_status_replicas_updated', kube({ namespace: NS, statefulset: 'db' }))]: '3x40',
      // Not the stack's: another namespace, a workload it does not have.
      [s('kube_deployment_spec_replicas', kube({ namespace: 'other', deployment: 'api' }))]: '3x40',
      [s('kube_deployment_status_replicas_available', kube({ namespace: 'other', deployment: 'api' }))]: '0x40',
      [s('kube_deployment_status_replicas_updated', kube({ namespace: 'other', deployment: 'api' }))]: '3x40',
      [s('kube_deployment_spec_replicas', kube({ namespace: NS, deployment: 'web' }))]: '3x40',
      [s('kube_deployment_status_replicas_available', kube({ namespace: NS, deployment: 'web' }))]: '0x40',
      [s('kube_deployment_status_replicas_updated', kube({ namespace: NS, deployment: 'web' }))]: '3x40',
    },
    at: '30m',
    fires: [
      { labels: { severity: 'warning', ...kube({ namespace: NS, deployment: 'api' }) }, summary: 'shop/api has fewer available replicas than it asks for', description: "Replicas have been missing for 15 minutes while no rollout progressed; see `slipway status` for the pods' reasons." },
      { labels: { severity: 'warning', ...kube({ namespace: NS, statefulset: 'db' }) }, summary: 'shop/db has fewer available replicas than it asks for', description: "Replicas have been missing for 15 minutes while no rollout progressed; see `slipway status` for the pods' reasons." },
    ],
  },
  {
    alert: 'SlipwayPodCrashLooping',
    series: {
      [s('kube_pod_container_status_waiting_reason', kube({ namespace: NS, pod: 'api-5d4f-x2', container: 'api', reason: 'CrashLoopBackOff' }))]: '1x30',
      [s('kube_pod_container_status_waiting_reason', kube({ namespace: NS, pod: 'api-5d4f-y7', container: 'api', reason: 'ContainerCreating' }))]: '1x30',
      [s('kube_pod_container_status_waiting_reason', kube({ namespace: 'other', pod: 'x-1', container: 'x', reason: 'CrashLoopBackOff' }))]: '1x30',
    },
    at: '20m',
    fires: [{ labels: { severity: 'warning', ...kube({ namespace: NS, pod: 'api-5d4f-x2', container: 'api', reason: 'CrashLoopBackOff' }) }, summary: 'container api of pod shop/api-5d4f-x2 is crash looping', description: 'The container has been in CrashLoopBackOff for 15 minutes; `slipway status` shows its last exit.' }],
  },
  ...(['SlipwayVolumeNearlyFull', 'SlipwayVolumeFull'] as const).map((alert): Case => {
    const full = alert === 'SlipwayVolumeFull';
    const claim = (pvc: string, ns: string, free: number) => ({
      [s('kubelet_volume_stats_available_bytes', { namespace: ns, persistentvolumeclaim: pvc })]: `${free}x80`,
      [s('kubelet_volume_stats_capacity_bytes', { namespace: ns, persistentvolumeclaim: pvc })]: '100x80',
      [s('kubelet_volume_stats_used_bytes', { namespace: ns, persistentvolumeclaim: pvc })]: `${100 - free}x80`,
    });
    return {
      alert,
      series: { ...claim('data-db-0', NS, full ? 2 : 10), ...claim('data-db-1', NS, 50), ...claim('data-x-0', 'other', 1) },
      at: '70m',
      fires: [
        {
          labels: { severity: full ? 'critical' : 'warning', namespace: NS, persistentvolumeclaim: 'data-db-0' },
          summary: `volume shop/data-db-0 has less than ${full ? 3 : 15}% free`,
          description: full ? '2% of the claim is free; writes will fail soon.' : '10% of the claim is free; grow the claim (infra storage:) or clean up.',
        },
      ],
    };
  }),
  {
    alert: 'SlipwayTargetDown',
    series: {
      [s('up', { namespace: NS, job: 'api', instance: '10.0.0.5:9090' })]: '0x10',
      [s('up', { namespace: NS, job: 'db', instance: '10.0.0.6:9187' })]: '1x10',
      [s('up', { namespace: NS, job: 'someone-else', instance: '10.0.0.7:9090' })]: '0x10',
      [s('up', { namespace: 'other', job: 'api', instance: '10.0.1.5:9090' })]: '0x10',
    },
    at: '10m',
    fires: [{ labels: { severity: 'warning', namespace: NS, job: 'api', instance: '10.0.0.5:9090' }, summary: 'metrics of shop/api cannot be scraped from 10.0.0.5:9090', description: 'The endpoint has not answered a scrape for 5 minutes: the pod is down or its exporter fails.' }],
  },
  {
    alert: 'SlipwayPostgresqlDown',
    series: {
      [s('pg_up', pg('10.0.0.1:9187'))]: '0x5',
      [s('pg_up', pg('10.0.0.2:9187'))]: '1x5',
      [s('pg_up', { ...pg('10.0.1.1:9187'), namespace: 'other' })]: '0x5',
      // A CloudNativePG instance reports through its instance manager's names.
      [s('cnpg_collector_up', pg('10.0.0.4:9187'))]: '0x5',
      [s('cnpg_collector_up', pg('10.0.0.5:9187'))]: '1x5',
    },
    at: '5m',
    fires: [
      { labels: { severity: 'critical', ...pg('10.0.0.1:9187') }, summary: 'PostgreSQL shop/db is down', description: 'The exporter on 10.0.0.1:9187 cannot connect to its server (pg_up or cnpg_collector_up is 0).' },
      { labels: { severity: 'critical', ...pg('10.0.0.4:9187') }, summary: 'PostgreSQL shop/db is down', description: 'The exporter on 10.0.0.4:9187 cannot connect to its server (pg_up or cnpg_collector_up is 0).' },
    ],
  },
  {
    alert: 'SlipwayPostgresqlReplicationLag',
    series: {
      [s('pg_replication_lag_seconds', pg('10.0.0.2:9187'))]: '12x5',
      [s('pg_replication_is_replica', pg('10.0.0.2:9187'))]: '1x5',
      // A primary's lag figure is meaningless: it must not fire.
      [s('pg_replication_lag_seconds', pg('10.0.0.1:9187'))]: '100x5',
      [s('pg_replication_is_replica', pg('10.0.0.1:9187'))]: '0x5',
      [s('pg_replication_lag_seconds', pg('10.0.0.3:9187'))]: '2x5',
      [s('pg_replication_is_replica', pg('10.0.0.3:9187'))]: '1x5',
      // CloudNativePG: a standby (in recovery) that lags, and its primary.
      [s('cnpg_pg_replication_lag', pg('10.0.0.4:9187'))]: '30x5',
      [s('cnpg_pg_replication_in_recovery', pg('10.0.0.4:9187'))]: '1x5',
      [s('cnpg_pg_replication_lag', pg('10.0.0.5:9187'))]: '100x5',
      [s('cnpg_pg_replication_in_recovery', pg('10.0.0.5:9187'))]: '0x5',
    },
    at: '3m',
    fires: [
      { labels: { severity: 'warning', ...pg('10.0.0.2:9187') }, summary: 'PostgreSQL replica shop/db (10.0.0.2:9187) lags 12s behind its primary', description: 'The replica has replayed nothing newer for more than 5 seconds.' },
      { labels: { severity: 'warning', ...pg('10.0.0.4:9187') }, summary: 'PostgreSQL replica shop/db (10.0.0.4:9187) lags 30s behind its primary', description: 'The replica has replayed nothing newer for more than 5 seconds.' },
    ],
  },
  {
    alert: 'SlipwayPostgresqlTooManyConnections',
    series: {
      [s('pg_stat_activity_count', { ...pg('10.0.0.1:9187'), datname: 'app', state: 'active' })]: '50x5',
      [s('pg_stat_activity_count', { ...pg('10.0.0.1:9187'), datname: 'app', state: 'idle' })]: '40x5',
      [s('pg_settings_max_connections', pg('10.0.0.1:9187'))]: '100x5',
      [s('pg_stat_activity_count', { ...pg('10.0.0.2:9187'), datname: 'app', state: 'idle' })]: '10x5',
      [s('pg_settings_max_connections', pg('10.0.0.2:9187'))]: '100x5',
      // CloudNativePG: backends per database/user/state, and every setting as one series by name.
      [s('cnpg_backends_total', { ...pg('10.0.0.4:9187'), datname: 'app', usename: 'app', state: 'active' })]: '60x5',
      [s('cnpg_backends_total', { ...pg('10.0.0.4:9187'), datname: 'app', usename: 'app', state: 'idle' })]: '25x5',
      [s('cnpg_pg_settings_setting', { ...pg('10.0.0.4:9187'), name: 'max_connections' })]: '100x5',
      [s('cnpg_pg_settings_setting', { ...pg('10.0.0.4:9187'), name: 'work_mem' })]: '4096x5',
      [s('cnpg_backends_total', { ...pg('10.0.0.5:9187'), datname: 'app', usename: 'app', state: 'idle' })]: '10x5',
      [s('cnpg_pg_settings_setting', { ...pg('10.0.0.5:9187'), name: 'max_connections' })]: '100x5',
    },
    at: '5m',
    fires: [
      { labels: { severity: 'warning', ...pg('10.0.0.1:9187') }, summary: 'PostgreSQL shop/db (10.0.0.1:9187) uses more than 80% of max_connections', description: '90 connections are open; new ones will be refused at max_connections.' },
      { labels: { severity: 'warning', ...pg('10.0.0.4:9187') }, summary: 'PostgreSQL shop/db (10.0.0.4:9187) uses more than 80% of max_connections', description: '85 connections are open; new ones will be refused at max_connections.' },
    ],
  },
  {
    alert: 'SlipwayMysqlDown',
    series: { [s('mysql_up', { namespace: NS, job: 'my', instance: '10.0.0.8:9104' })]: '0x5', [s('mysql_up', { namespace: NS, job: 'db', instance: '10.0.0.1:9187' })]: '0x5' },
    at: '5m',
    fires: [{ labels: { severity: 'critical', namespace: NS, job: 'my', instance: '10.0.0.8:9104' }, summary: 'MySQL shop/my is down', description: 'The exporter on 10.0.0.8:9104 cannot connect to its server (mysql_up is 0).' }],
  },
  {
    alert: 'SlipwayMysqlReplicationStopped',
    series: {
      // MySQL 8.4 names (SHOW REPLICA STATUS) on one replica, the older names on another, a healthy third.
      [s('mysql_slave_status_replica_io_running', my('10.0.0.8:9104'))]: '0x5',
      [s('mysql_slave_status_replica_sql_running', my('10.0.0.8:9104'))]: '1x5',
      [s('mysql_slave_status_slave_io_running', my('10.0.0.9:9104'))]: '1x5',
      [s('mysql_slave_status_slave_sql_running', my('10.0.0.9:9104'))]: '0x5',
      [s('mysql_slave_status_replica_io_running', my('10.0.0.10:9104'))]: '1x5',
      [s('mysql_slave_status_replica_sql_running', my('10.0.0.10:9104'))]: '1x5',
    },
    at: '5m',
    fires: ['10.0.0.8:9104', '10.0.0.9:9104'].map((instance) => ({ labels: { severity: 'critical', namespace: NS, job: 'my', instance }, summary: `MySQL replica shop/my (${instance}) stopped replicating`, description: 'Its IO or SQL replication thread is not running.' })),
  },
  {
    alert: 'SlipwayMysqlReplicationLag',
    series: {
      [s('mysql_slave_status_seconds_behind_source', my('10.0.0.8:9104'))]: '45x5',
      [s('mysql_slave_status_seconds_behind_master', my('10.0.0.9:9104'))]: '90x5',
      [s('mysql_slave_status_seconds_behind_source', my('10.0.0.10:9104'))]: '5x5',
    },
    at: '5m',
    fires: [
      { labels: { severity: 'critical', namespace: NS, job: 'my', instance: '10.0.0.8:9104' }, summary: 'MySQL replica shop/my (10.0.0.8:9104) lags 45s behind its source', description: 'Seconds behind the source have been above 30 for a minute.' },
      { labels: { severity: 'critical', namespace: NS, job: 'my', instance: '10.0.0.9:9104' }, summary: 'MySQL replica shop/my (10.0.0.9:9104) lags 1m 30s behind its source', description: 'Seconds behind the source have been above 30 for a minute.' },
    ],
  },
  {
    alert: 'SlipwayRedisDown',
    series: { [s('redis_up', { namespace: NS, job: 'cache', instance: '10.0.0.3:9121' })]: '0x5', [s('redis_up', { namespace: NS, job: 'cache', instance: '10.0.0.4:9121' })]: '1x5' },
    at: '5m',
    fires: [{ labels: { severity: 'critical', namespace: NS, job: 'cache', instance: '10.0.0.3:9121' }, summary: 'Redis shop/cache is down', description: 'The exporter on 10.0.0.3:9121 cannot reach its server (redis_up is 0).' }],
  },
  {
    alert: 'SlipwayRedisReplicationBroken',
    series: {
      [s('redis_master_link_up', { namespace: NS, job: 'cache', instance: '10.0.0.4:9121', master_host: 'cache-0.cache-headless', master_port: '6379' })]: '0x5',
      [s('redis_master_link_up', { namespace: NS, job: 'cache', instance: '10.0.0.5:9121', master_host: 'cache-0.cache-headless', master_port: '6379' })]: '1x5',
    },
    at: '5m',
    fires: [{ labels: { severity: 'critical', namespace: NS, job: 'cache', instance: '10.0.0.4:9121', master_host: 'cache-0.cache-headless', master_port: '6379' }, summary: 'Redis replica shop/cache (10.0.0.4:9121) lost its link to the primary', description: 'master_link_status is down, so the replica serves stale data.' }],
  },
  {
    alert: 'SlipwayKafkaConsumerLag',
    series: {
      [s('kafka_consumergroup_lag', { namespace: NS, job: 'events', instance: '10.0.0.9:9308', consumergroup: 'billing', topic: 'orders', partition: '0' })]: '8000x5',
      [s('kafka_consumergroup_lag', { namespace: NS, job: 'events', instance: '10.0.0.9:9308', consumergroup: 'billing', topic: 'orders', partition: '1' })]: '4000x5',
      [s('kafka_consumergroup_lag', { namespace: NS, job: 'events', instance: '10.0.0.9:9308', consumergroup: 'audit', topic: 'orders', partition: '0' })]: '100x5',
    },
    at: '5m',
    fires: [{ labels: { severity: 'warning', namespace: NS, job: 'events', consumergroup: 'billing' }, summary: 'consumer group billing lags 12000 messages behind on shop/events', description: "The group's summed lag over its topics is above 10000 messages." }],
  },
  {
    alert: 'SlipwayKafkaUnderReplicatedPartitions',
    series: {
      [s('kafka_topic_partition_under_replicated_partition', { namespace: NS, job: 'events', instance: '10.0.0.9:9308', topic: 'orders', partition: '0' })]: '1x10',
      [s('kafka_topic_partition_under_replicated_partition', { namespace: NS, job: 'events', instance: '10.0.0.9:9308', topic: 'orders', partition: '1' })]: '0x10',
      [s('kafka_topic_partition_under_replicated_partition', { namespace: NS, job: 'events', instance: '10.0.0.9:9308', topic: 'logs', partition: '0' })]: '0x10',
    },
    at: '10m',
    fires: [{ labels: { severity: 'warning', namespace: NS, job: 'events', topic: 'orders' }, summary: 'topic orders on shop/events has 1 under-replicated partitions', description: 'Some partitions have fewer in-sync replicas than replicas: a broker is down or behind.' }],
  },
  {
    alert: 'SlipwayClickhouseReplicaDelay',
    series: {
      [s('ClickHouseAsyncMetrics_ReplicasMaxAbsoluteDelay', { namespace: NS, job: 'ch', instance: '10.0.0.11:9363' })]: '600x10',
      [s('ClickHouseAsyncMetrics_ReplicasMaxAbsoluteDelay', { namespace: NS, job: 'ch', instance: '10.0.0.12:9363' })]: '10x10',
    },
    at: '10m',
    fires: [{ labels: { severity: 'warning', namespace: NS, job: 'ch', instance: '10.0.0.11:9363' }, summary: 'ClickHouse shop/ch (10.0.0.11:9363) replicas lag 10m 0s', description: 'The largest delay of a replicated table behind its replicas has been above 300 seconds.' }],
  },
  {
    alert: 'QueueBacklog',
    series: { [s('queue_depth', { queue: 'orders', instance: 'a' })]: '150x20', [s('queue_depth', { queue: 'mail', instance: 'a' })]: '3x20' },
    at: '15m',
    fires: [{ labels: { severity: 'critical', team: 'orders', queue: 'orders' }, summary: 'queue orders backs up', description: '' }],
  },
];

const dir = mkdtempSync(join(tmpdir(), 'slipway-alerts-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function promtool(...args: string[]): { status: number | null; out: string; stdout: string } {
  const r = spawnSync('promtool', args, { cwd: dir, encoding: 'utf8' });
  assert.ok(!r.error, `promtool not runnable (${r.error?.message}): install Debian's prometheus package or run through scripts/run-tests (testbin)`);
  return { status: r.status, out: `${r.stdout}${r.stderr}`, stdout: r.stdout };
}

function testFile(rulesFile: string, cases: readonly Case[]): string {
  return yamlDocument({
    rule_files: [rulesFile],
    evaluation_interval: '1m',
    tests: cases.map((c) => ({
      interval: '1m',
      input_series: Object.entries(c.series).map(([series, values]) => ({ series, values })),
      alert_rule_test: [
        {
          eval_time: c.at,
          alertname: c.alert,
          exp_alerts: c.fires.map((f) => ({ exp_labels: f.labels, exp_annotations: { summary: f.summary, ...(f.description ? { description: f.description } : {}) } })),
        },
      ],
    })),
  });
}

/** Writes the rules and a test file of the cases; returns the test file's name. */
function writeCases(name: string, groups: RuleGroup[], cases: readonly Case[]): string {
  writeFileSync(join(dir, `${name}.rules.yaml`), yamlDocument({ groups }));
  writeFileSync(join(dir, `${name}.test.yaml`), testFile(`${name}.rules.yaml`, cases));
  return `${name}.test.yaml`;
}

/** promtool's verdict per test file of one run: stdout has "Unit Testing: <file>", then SUCCESS when it passed (failures go to stderr). */
function verdicts(stdout: string): Map<string, boolean> {
  const map = new Map<string, boolean>();
  for (const part of stdout.split('Unit Testing:').slice(1)) map.set(part.trim().split(/\s+/)[0]!, /^\s*SUCCESS\s*$/m.test(part));
  return map;
}

const groups = ruleGroups(observability, scope);
const defaults = ALERT_KINDS.flatMap((k) => k.alerts.map((a) => a.name));

describe('default alert rules under promtool', () => {
  it('emits every default rule for a stack with every kind, and the stack\'s own rule', () => {
    const names = groups.flatMap((g) => g.rules.map((r) => r.alert));
    assert.deepEqual(names, [...defaults, 'QueueBacklog']);
  });

  it('has one test case per default rule', () => {
    assert.deepEqual(CASES.map((c) => c.alert).filter((a) => a !== 'QueueBacklog').sort(), [...defaults].sort());
  });

  it('passes promtool check rules', () => {
    writeFileSync(join(dir, 'check.rules.yaml'), yamlDocument({ groups }));
    const r = promtool('check', 'rules', 'check.rules.yaml');
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, new RegExp(`SUCCESS: ${defaults.length + 1} rules found`));
  });

  it('passes promtool test rules: each rule fires on its series, and only on them', () => {
    const r = promtool('test', 'rules', writeCases('defaults', groups, CASES));
    assert.equal(r.status, 0, r.out);
  });

  it('fails those tests when a rule loses its scope or its severity', () => {
    // One promtool run over every broken variant: each file holds one rule's case against rules where only that
    // rule is broken (its namespace matcher, or its severity label).
    const broken = (name: string, mutate: (r: AlertRule) => AlertRule) => groups.map((g) => ({ ...g, rules: g.rules.map((r) => (r.alert === name ? mutate(r) : r)) }));
    const ksmJob = `job="${KSM_JOB}"`;
    const readsKsm = new Set(groups.flatMap((g) => g.rules).filter((r) => r.expr.includes(ksmJob)).map((r) => r.alert));
    assert.deepEqual([...readsKsm].sort(), ['SlipwayPodCrashLooping', 'SlipwayWorkloadUnavailable']);
    const files = defaults.flatMap((name) => {
      const own = CASES.filter((c) => c.alert === name);
      return [
        writeCases(`${name}-scope`, broken(name, (r) => ({ ...r, expr: r.expr.replaceAll(`namespace="${NS}"`, 'namespace="elsewhere"') })), own),
        writeCases(`${name}-severity`, broken(name, (r) => ({ ...r, labels: { ...r.labels, severity: r.labels.severity === 'critical' ? 'warning' : 'critical' } })), own),
        // Rules that select another job than the scrape configuration gives kube-state-metrics see nothing.
        ...(readsKsm.has(name) ? [writeCases(`${name}-job`, broken(name, (r) => ({ ...r, expr: r.expr.replaceAll(ksmJob, 'job="kube-state-metrics-elsewhere"') })), own)] : []),
      ];
    });
    // The unbroken rules in the same run prove a passing file is read as passing.
    const control = writeCases('control', groups, CASES);
    const r = promtool('test', 'rules', control, ...files);
    const got = verdicts(r.stdout);
    assert.deepEqual([...got.keys()].sort(), [control, ...files].sort(), r.out);
    assert.equal(got.get(control), true, r.out);
    assert.deepEqual(files.filter((f) => got.get(f)), [], 'these broken rules still passed their tests');
  });
});

describe('which rules a stack gets', () => {
  it('emits no rules for kinds the stack does not have', () => {
    const bare = ruleGroups({ ...observability, alerts: { defaults: true, rules: [] } }, { namespace: NS, workloads: ['api'], volumes: false, targets: [], kubeStateMetrics: KSM_JOB });
    assert.deepEqual(bare.map((g) => g.name), ['slipway-workloads']);
  });

  it('emits only the stack\'s own rules when defaults are off', () => {
    const own = ruleGroups({ ...observability, alerts: { ...observability.alerts, defaults: false } }, scope);
    assert.deepEqual(own.map((g) => [g.name, g.rules.map((r) => r.alert)]), [['stack-rules', ['QueueBacklog']]]);
  });

  it('scopes a kind with several instances to all of them', () => {
    const two = ruleGroups(observability, { ...scope, targets: [...scope.targets, { component: 'db2', kind: 'infra', type: 'postgresql', port: 'metrics', path: '/metrics' }] });
    const down = two.flatMap((g) => g.rules).find((r) => r.alert === 'SlipwayPostgresqlDown');
    assert.equal(down?.expr, 'pg_up{namespace="shop",job=~"db|db2"} == 0 or cnpg_collector_up{namespace="shop",job=~"db|db2"} == 0');
  });
});

it('docs/observability.md lists the default rules as the code has them (npm run docs)', () => {
  assert.ok(readFileSync('docs/observability.md', 'utf8').includes(alertsTable()), 'the alerts table is stale: npm run build && npm run docs');
});
