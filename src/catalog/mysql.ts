/**
 * MySQL from the official image (https://hub.docker.com/_/mysql, docker-library/mysql
 * 8.4/{Dockerfile.oracle,docker-entrypoint.sh}). The image's user is mysql, UID/GID 999; the entrypoint only
 * steps down with gosu when started as root. It reads datadir, socket, pid-file and secure-file-priv from
 * `mysqld --verbose --help` with the container's arguments, and `mkdir -p`s their directories on every start.
 */
import type { ResolvedInfra } from '../model/resolved.js';
import { execProbe } from '../generate/probes.js';
import type { CatalogEntry } from './contract.js';
import { sqlServer } from './sql-server.js';
import { credentialsSecret, databasePasswordEnv, databaseSecrets, passwordRef, portProbe, provisionJob, retryLoop, serverObjects, serviceHost, shellQuote } from './common.js';
import { k8sEnv } from '../generate/pod/env.js';
import { waitContainer } from './wait.js';
import { runAs } from './image-user.js';
import { initConfigMap, initShell, type InitDialect } from './init-scripts.js';
import { checkMysqlFile, CONF_D, mysqlConfig, MysqlOptions } from './mysql-config.js';
import { METRICS_PASSWORD_ENV, METRICS_USER, metricsPasswordRef, metricsSecret } from './exporter-user.js';
import { metricsUserSql, mysqlMetrics } from './mysql-metrics.js';

const PORT = 3306;
const DATA = '/var/lib/mysql';

/** `name` as a MySQL string literal. */
function literal(name: string): string {
  return `'${name.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** `name` as a quoted identifier; in a GRANT, `_` and `%` are wildcards and get escaped like the entrypoint does. */
function ident(name: string, grant = false): string {
  return `\`${(grant ? name.replace(/[_%]/g, '\\$&') : name).replace(/`/g, '``')}\``;
}

/** SQL for own database `d`: database, user `d` (created, or its password re-set), privileges on the database. */
function provisionSql(d: string): string {
  const run = 'PREPARE s FROM @q; EXECUTE s; DEALLOCATE PREPARE s;';
  return [
    `CREATE DATABASE IF NOT EXISTS ${ident(d)};`,
    `SET @u = ${literal(d)};`,
    // QUOTE() escapes the password; CREATE/ALTER USER are allowed as prepared statements.
    `SET @q = CONCAT('CREATE USER IF NOT EXISTS ', QUOTE(@u), '@''%'' IDENTIFIED BY ', QUOTE(@pw)); ${run}`,
    `SET @q = CONCAT('ALTER USER ', QUOTE(@u), '@''%'' IDENTIFIED BY ', QUOTE(@pw)); ${run}`,
    `GRANT ALL PRIVILEGES ON ${ident(d, true)}.* TO ${literal(d)}@'%';`,
  ].join('\n');
}

function provisionScript(infra: ResolvedInfra, host: string): string {
  // The root password comes from MYSQL_PWD in the Job's environment, never from argv.
  const client = `--protocol=tcp -h ${shellQuote(host)} -P ${PORT} -u root`;
  const block = (passwordEnv: string, sql: string) =>
    [
      // The password reaches mysql on stdin, base64-encoded so no quoting can break out of the literal.
      `{ printf "SET @pw = CONVERT(FROM_BASE64('%s') USING utf8mb4);\\n" "$(printf '%s' "$${passwordEnv}" | base64 | tr -d '\\n')"`,
      `cat <<'SQL'`,
      sql,
      'SQL',
      `} | mysql ${client}`,
    ].join('\n');
  const blocks = [...infra.databases.map((d, i) => block(databasePasswordEnv(i), provisionSql(d))), ...(infra.metrics ? [block(METRICS_PASSWORD_ENV, metricsUserSql())] : [])];
  // mysqladmin ping over TCP fails while the entrypoint's init-time server runs with --skip-networking.
  return ['set -eu', retryLoop(`mysqladmin ${client} --connect-timeout=2 ping >/dev/null 2>&1`, 'mysql'), ...blocks, ...(infra.init?.length ? [`my() { mysql ${client} "$@"; }`, ...initShell(infra, initDialect)] : [])].join('\n');
}

/**
 * Init scripts through the image's mysql client, as root in the named database. MySQL commits DDL implicitly,
 * so the script and its record cannot share a transaction: the record is written after the script succeeds,
 * and a script that fails half-way runs again from the start on the Job's next attempt (write it idempotent:
 * IF NOT EXISTS, INSERT IGNORE). The same commands work with MariaDB's client and server.
 */
const initDialect: InitDialect = {
  prepare: (db) => `my -e 'CREATE TABLE IF NOT EXISTS slipway_init (name VARCHAR(63) PRIMARY KEY, sha256 CHAR(64) NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)' ${db}`,
  recorded: (db, name) => `my -N -B -e "SELECT sha256 FROM slipway_init WHERE name = '${name}'" ${db}`,
  apply: (s, file) =>
    `my ${s.database} < ${file}; my -e "INSERT INTO slipway_init (name, sha256) VALUES ('${s.name}', '${s.sha256}') ON DUPLICATE KEY UPDATE sha256 = '${s.sha256}', applied_at = CURRENT_TIMESTAMP" ${s.database}`,
};

/** mysqladmin ping over TCP as root; the password goes from MYSQL_ROOT_PASSWORD to MYSQL_PWD inside the shell. */
const PING = ['sh', '-c', `MYSQL_PWD="$MYSQL_ROOT_PASSWORD" exec mysqladmin --protocol=tcp -h 127.0.0.1 -P ${PORT} -u root --connect-timeout=2 ping`];

export const mysql: CatalogEntry = sqlServer({
  type: 'mysql',
  description: 'MySQL relational database (official image), own databases per user, datadir on a volume',
  image: 'mysql',
  defaultVersion: '8.4.10',
  port: PORT,
  initLanguage: 'SQL (mysql client)',
  // MariaDB and Percona speak the MySQL protocol: analyze and import map them onto this entry.
  alsoRecognizes: /(^|\/)(mysql|mariadb|mysql-server|percona-server)$/,
  // MySQL failover needs a manager that promotes a replica and re-points the others (Group Replication with
  // MySQL Router, Orchestrator): an operator's job, which slipway does not imitate with a StatefulSet.
  replicasHint:
    'for HA run MySQL with an operator (MySQL Operator for Kubernetes, InnoDBCluster; Percona Operator for MySQL) or a managed service, and point this infra at it with mode: external (external.host, external.passwordSecret)',
  user: { uid: 999, gid: 999 },
  variants: [
    // The Debian builds (8.0 and older) create mysql with `useradd -r`, a UID picked at build time
    // (docker-library/mysql 8.0/Dockerfile.debian); only the Oracle Linux builds pin 999 (8.4/Dockerfile.oracle).
    { tag: /(^|-)debian/, refused: 'the Debian variant creates its mysql user with a UID chosen at build time, so slipway cannot know which UID owns the data; use the default (Oracle Linux) tag, e.g. 8.4.10' },
  ],
  names: {
    // User names longer than 32 characters make the entrypoint's CREATE USER fail half-way through the first
    // start; the restart then skips initialisation and the user never exists.
    maxUser: 32,
    maxDatabase: 64,
    // The entrypoint refuses MYSQL_USER=root; an own database named root would re-key root@'%', and one named
    // like a system schema would grant its user the grant tables.
    // slipway_metrics: the exporter's monitoring user (mysql-metrics.ts).
    reservedUsers: ['root', 'mysql', 'sys', 'information_schema', 'performance_schema', METRICS_USER],
    reservedDatabases: ['root', 'mysql', 'sys', 'information_schema', 'performance_schema'],
    source: 'MySQL 8.4 manual "Identifier Length Limits" and "Reserved Accounts"',
  },

  options: MysqlOptions,
  configDir: CONF_D,
  config: (infra) => mysqlConfig(infra.options),
  checkFile: checkMysqlFile,
  metrics: (infra) => mysqlMetrics(infra, PORT),

  url: (c) => `mysql://${c.user}:{password}@${c.host}:${c.port}/${c.database}${c.tls ? '?ssl-mode=REQUIRED' : ''}`,

  internal(infra, ctx) {
    const secret = credentialsSecret(infra, ctx, ['password', 'root-password'], undefined, { database: infra.database, user: infra.user });
    const root = { name: secret.name, key: 'root-password' };
    const { uid, gid } = runAs(mysql, infra.image);
    const objects = serverObjects(infra, ctx, {
      uid,
      gid,
      ports: [{ name: 'mysql', port: PORT }],
      dataPath: DATA,
      // Socket, X-plugin socket and pid file; tmpdir; secure-file-priv, which the entrypoint mkdir -p's under set -e.
      writable: ['/var/run/mysqld', '/tmp', '/var/lib/mysql-files'],
      // InnoDB needs time to flush on shutdown; the default 30 s grace period can cut it short.
      pod: { terminationGracePeriodSeconds: 60 },
      metrics: mysqlMetrics(infra, PORT),
      container: {
        name: 'mysql',
        image: infra.image,
        // A subdirectory of the volume: mysqld --initialize refuses a datadir with files in it, and a volume root may
        // hold lost+found. The entrypoint reads datadir from mysqld's effective options, so the flag is honoured.
        args: ['mysqld', `--datadir=${DATA}/data`],
        // Not MYSQL_PWD here: the entrypoint's setup runs the client as root before root has a password.
        env: k8sEnv([
          { name: 'MYSQL_DATABASE', value: infra.database },
          { name: 'MYSQL_PASSWORD', secret: passwordRef(infra) },
          { name: 'MYSQL_ROOT_PASSWORD', secret: root },
          { name: 'MYSQL_USER', value: infra.user },
        ]),
        // First start initialises the datadir and loads time zones; crash recovery can also take a while.
        startupProbe: execProbe(PING, { period: 5, failureThreshold: 60 }),
        readinessProbe: execProbe(PING, { period: 5 }),
        // Liveness is a TCP connect to the server (see postgresql.ts for why it is not the readiness check).
        livenessProbe: portProbe('mysql', undefined, { period: 15, timeout: 10, failureThreshold: 6 }),
      },
    });
    // A scraped instance's Job also makes the exporter's monitoring user.
    const exporter = infra.metrics ? [metricsSecret(infra, ctx)] : [];
    if (!infra.databases.length && !infra.init?.length && !infra.metrics) return { secrets: [secret], objects };
    const env = [{ name: 'MYSQL_PWD', secret: root }, ...(infra.metrics ? [{ name: METRICS_PASSWORD_ENV, secret: metricsPasswordRef(infra) }] : [])];
    const job = provisionJob(infra, ctx, { image: infra.image, uid, gid, script: provisionScript(infra, serviceHost(infra, ctx)), env });
    return { secrets: [secret, ...exporter, ...databaseSecrets(infra, ctx)], objects: [...initConfigMap(infra, ctx), ...objects, job] };
  },

  wait(infra, conn) {
    // A query as the connecting user: an own database's user exists only once the provisioning Job has run.
    const args = `-h ${shellQuote(conn.host)} -P ${conn.port} -u ${shellQuote(conn.user ?? infra.user)}`;
    const tls = conn.tls ? ' --ssl-mode=REQUIRED' : '';
    return waitContainer({
      target: infra.name,
      image: mysql.clientImage(infra),
      check: `mysql --protocol=tcp ${args}${tls} --connect-timeout=3 -e 'SELECT 1' ${shellQuote(conn.database ?? infra.database)} >/dev/null 2>&1`,
      // MYSQL_PWD is deprecated in MySQL 8 but still read by its clients, and keeps the password off argv.
      env: conn.password ? [{ name: 'MYSQL_PWD', secret: conn.password }] : [],
    });
  },
});
