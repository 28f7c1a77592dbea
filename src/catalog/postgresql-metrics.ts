/**
 * PostgreSQL's metrics: prometheus-community's postgres_exporter beside the server, logged in as a monitoring role
 * of its own. The role holds only pg_monitor (PostgreSQL ≥ 10: read every pg_stat_* view and pg_database_size,
 * no data) and CONNECT on the main database; the exporter's README names exactly these grants. The provisioning
 * Job creates it with a generated password; until the Job has run the exporter reports pg_up 0.
 */
import type { ResolvedInfra } from '../model/resolved.js';
import type { MetricsEndpoint } from './contract.js';
import { METRICS_PASSWORD_ENV, METRICS_USER as METRICS_ROLE, metricsPasswordRef } from './exporter-user.js';
import { exporterEndpoint } from './metrics-endpoint.js';

/** quay.io/prometheuscommunity/postgres-exporter: Dockerfile `USER nobody` (65534), `EXPOSE 9187`. */
const IMAGE = 'quay.io/prometheuscommunity/postgres-exporter:v0.20.1';
const EXPORTER_PORT = 9187;
/**
 * CloudNativePG's instance manager serves metrics itself on every instance pod, port 9187 named `metrics`
 * (docs/src/monitoring.md), under its own names (cnpg_collector_up, cnpg_pg_replication_lag, …). No Service of
 * the cluster has that port, so the pods are scraped directly, found by the label the operator puts on every pod
 * of a Cluster (cnpg.io/cluster; its Jobs' pods have no metrics port, which the port match leaves out).
 */
export const CNPG_METRICS_PORT = 9187;
export const CNPG_CLUSTER_LABEL = 'cnpg.io/cluster';

/** psql input (the provisioning Job's): the role, created or its password re-set, with pg_monitor and CONNECT. */
export function metricsRoleSql(database: string): string {
  return [
    `\\getenv mpass ${METRICS_PASSWORD_ENV}`,
    `SELECT format(CASE WHEN EXISTS (SELECT FROM pg_roles WHERE rolname = '${METRICS_ROLE}') THEN 'ALTER ROLE %I WITH LOGIN PASSWORD %L' ELSE 'CREATE ROLE %I LOGIN PASSWORD %L' END, '${METRICS_ROLE}', :'mpass') \\gexec`,
    `GRANT pg_monitor TO ${METRICS_ROLE};`,
    // The main database's CONNECT was revoked from PUBLIC (mainDatabaseSql); the exporter reads it.
    `\\set main '${database.replace(/'/g, "''")}'`,
    `GRANT CONNECT ON DATABASE :"main" TO ${METRICS_ROLE};`,
  ].join('\n');
}

export function postgresMetrics(infra: ResolvedInfra, port: number): MetricsEndpoint {
  if (infra.replicas > 1) return { port: CNPG_METRICS_PORT, path: '/metrics', pods: { [CNPG_CLUSTER_LABEL]: infra.name } };
  return exporterEndpoint({
    name: 'postgres-exporter',
    image: IMAGE,
    uid: 65534,
    port: EXPORTER_PORT,
    // Over loopback in the pod: the server's pg_hba allows password logins from any host; TLS adds nothing here.
    env: [
      { name: 'DATA_SOURCE_URI', value: `127.0.0.1:${port}/${infra.database}?sslmode=disable` },
      { name: 'DATA_SOURCE_USER', value: METRICS_ROLE },
      { name: 'DATA_SOURCE_PASS', secret: metricsPasswordRef(infra) },
    ],
    // No health endpoint: `/` is a landing page served whether or not the database answers (pg_up says that).
    health: '/',
  });
}
