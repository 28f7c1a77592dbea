/**
 * MySQL's metrics: Prometheus' mysqld_exporter beside the server, logged in as a monitoring user of its own with
 * at most 3 connections. The exporter's README lists PROCESS, REPLICATION CLIENT and SELECT ON *.*; SELECT is
 * narrowed to performance_schema here, which is all the default collectors read (global status and variables,
 * replica status, InnoDB), so the user can read no application data.
 */
import type { ResolvedInfra } from '../model/resolved.js';
import type { MetricsEndpoint } from './contract.js';
import { METRICS_USER, metricsPasswordRef } from './exporter-user.js';
import { exporterEndpoint } from './metrics-endpoint.js';

/** prom/mysqld-exporter: Dockerfile `USER nobody` (65534), `EXPOSE 9104`. */
const IMAGE = 'prom/mysqld-exporter:v0.20.0';
const EXPORTER_PORT = 9104;

/** mysql input (after `SET @pw`): the user, created or its password re-set, and its grants. */
export function metricsUserSql(): string {
  const run = 'PREPARE s FROM @q; EXECUTE s; DEALLOCATE PREPARE s;';
  return [
    `SET @u = '${METRICS_USER}';`,
    `SET @q = CONCAT('CREATE USER IF NOT EXISTS ', QUOTE(@u), '@''%'' IDENTIFIED BY ', QUOTE(@pw), ' WITH MAX_USER_CONNECTIONS 3'); ${run}`,
    `SET @q = CONCAT('ALTER USER ', QUOTE(@u), '@''%'' IDENTIFIED BY ', QUOTE(@pw)); ${run}`,
    `GRANT PROCESS, REPLICATION CLIENT ON *.* TO '${METRICS_USER}'@'%';`,
    `GRANT SELECT ON performance_schema.* TO '${METRICS_USER}'@'%';`,
  ].join('\n');
}

export function mysqlMetrics(infra: ResolvedInfra, port: number): MetricsEndpoint {
  return exporterEndpoint({
    name: 'mysqld-exporter',
    image: IMAGE,
    uid: 65534,
    port: EXPORTER_PORT,
    // The password has no flag: only MYSQLD_EXPORTER_PASSWORD (0.15+; DATA_SOURCE_NAME is gone). With the flags
    // given, the missing default .my.cnf is not an error.
    args: [`--mysqld.address=127.0.0.1:${port}`, `--mysqld.username=${METRICS_USER}`],
    env: [{ name: 'MYSQLD_EXPORTER_PASSWORD', secret: metricsPasswordRef(infra) }],
    health: '/',
  });
}
