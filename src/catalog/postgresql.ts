/**
 * PostgreSQL from the official image (https://hub.docker.com/_/postgres, docker-library/postgres
 * 17/trixie/{Dockerfile,docker-entrypoint.sh}). The image's user is postgres, UID/GID 999; the entrypoint only
 * steps down with gosu when started as root, so running as 999 directly is supported (the UID is in
 * /etc/passwd, so initdb needs no nss_wrapper). Outside PGDATA the server writes only its Unix socket and lock
 * file in /var/run/postgresql.
 */
import type { ResolvedInfra } from '../model/resolved.js';
import { execProbe } from '../generate/probes.js';
import type { CatalogEntry } from './contract.js';
import { sqlServer } from './sql-server.js';
import { serviceAccount as serviceAccountObject } from '../generate/objects.js';
import { credentialsSecret, databasePasswordEnv, infraLabels, databaseSecrets, passwordRef, portProbe, provisionJob, retryLoop, serverObjects, serviceHost, shellQuote } from './common.js';
import { k8sEnv } from '../generate/pod/env.js';
import { waitContainer } from './wait.js';
import { runAs } from './image-user.js';
import { initConfigMap, initShell, type InitDialect } from './init-scripts.js';
import { checkPostgresOptions, postgresConfig, postgresParameters, PostgresOptions, POSTGRES_RESERVED_FLAGS } from './postgresql-settings.js';
import { cnpgCluster, primaryServiceHost, superuserSecretName } from './postgresql-cnpg.js';
import { metricsRoleSql, postgresMetrics } from './postgresql-metrics.js';
import { METRICS_PASSWORD_ENV, METRICS_USER, metricsPasswordRef, metricsSecret } from './exporter-user.js';

const PORT = 5432;
const DATA = '/var/lib/postgresql/data';

/** psql input: for each own database `d`, role `d` (created, or its password re-set) owning database `d`. */
function provisionSql(databases: readonly string[]): string {
  const blocks = databases.map((d, i) =>
    [
      // \getenv (psql ≥ 15) reads the password from the environment into a psql variable; it never hits argv.
      `\\getenv pass ${databasePasswordEnv(i)}`,
      `\\set name '${d.replace(/'/g, "''")}'`,
      // %I/%L quote the identifier and the literal; \gexec runs the generated statement on its own.
      `SELECT format(CASE WHEN EXISTS (SELECT FROM pg_roles WHERE rolname = :'name') THEN 'ALTER ROLE %I WITH LOGIN PASSWORD %L' ELSE 'CREATE ROLE %I LOGIN PASSWORD %L' END, :'name', :'pass') \\gexec`,
      // CREATE DATABASE cannot run in a transaction block, hence \gexec rather than a DO block.
      `SELECT format('CREATE DATABASE %I OWNER %I', :'name', :'name') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'name') \\gexec`,
      `ALTER DATABASE :"name" OWNER TO :"name";`,
      `GRANT ALL PRIVILEGES ON DATABASE :"name" TO :"name";`,
      // PUBLIC holds CONNECT and TEMP on every new database, so each own user could log into every other own
      // database; only the owner (and the admin, a superuser) may connect now.
      `REVOKE ALL ON DATABASE :"name" FROM PUBLIC;`,
      // Own schema public outright too: since PostgreSQL 15 only the database owner may create objects in it.
      `\\connect :"name"`,
      `ALTER SCHEMA public OWNER TO :"name";`,
    ].join('\n'),
  );
  return blocks.join('\n');
}

/** The main database is the admin's: own users get no CONNECT there either. */
function mainDatabaseSql(database: string): string {
  return [`\\set main '${database.replace(/'/g, "''")}'`, `REVOKE ALL ON DATABASE :"main" FROM PUBLIC;`].join('\n');
}

const PSQL = 'psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet';

/**
 * The role a script in `database` runs as, when the Job's login is not that database's owner: an own database
 * belongs to its user; the main database to the admin, who is the Job's login on one server but not under
 * CloudNativePG, where the Job logs in as postgres (the admin is no superuser there) and the admin owns the
 * database (the Cluster's bootstrap.initdb owner).
 */
function scriptRole(infra: ResolvedInfra, database: string): string | undefined {
  if (database !== infra.database) return database;
  return infra.replicas > 1 ? infra.user : undefined;
}

/**
 * Init scripts through psql (the image's own client): the script, then the record, in one transaction, so a
 * failed script leaves neither its changes nor a record. The script runs as the database's owner (SET ROLE from
 * the superuser the Job logs in as), so the tables it creates belong to the user that will migrate them.
 * Statements that cannot run in a transaction (CREATE DATABASE, … CONCURRENTLY) do not belong here: own
 * databases come from `uses: {database:}`.
 */
const initDialect = (infra: ResolvedInfra): InitDialect => ({
  prepare: (db) => `pg -d ${db} -c 'CREATE TABLE IF NOT EXISTS public.slipway_init (name text PRIMARY KEY, sha256 text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())'`,
  recorded: (db, name) => `pg -tA -d ${db} -c "SELECT sha256 FROM public.slipway_init WHERE name = '${name}'"`,
  apply: (s, file) =>
    [
      `pg --single-transaction -d ${s.database}`,
      ...(scriptRole(infra, s.database) ? [`-c 'SET ROLE "${scriptRole(infra, s.database)}"'`] : []),
      `-f ${file}`,
      `-c 'RESET ROLE'`,
      `-c "INSERT INTO public.slipway_init (name, sha256) VALUES ('${s.name}', '${s.sha256}') ON CONFLICT (name) DO UPDATE SET sha256 = EXCLUDED.sha256, applied_at = now()"`,
    ].join(' '),
});

export function provisionScript(infra: ResolvedInfra): string {
  return [
    'set -eu',
    retryLoop('pg_isready -q -t 2', 'postgresql'),
    `${PSQL} <<'SQL'`,
    mainDatabaseSql(infra.database),
    provisionSql(infra.databases),
    ...(infra.metrics && infra.replicas === 1 ? [metricsRoleSql(infra.database)] : []),
    'SQL',
    ...(infra.init?.length ? [`pg() { ${PSQL} "$@"; }`, ...initShell(infra, initDialect(infra))] : []),
  ].join('\n');
}

/** Replicas: a CloudNativePG Cluster; own databases are made through its primary Service as the superuser. */
function replicated(infra: ResolvedInfra, ctx: Parameters<CatalogEntry['internal']>[1]) {
  const { uid, gid } = runAs(postgresql, infra.image);
  const provision = infra.databases.length || infra.init?.length;
  const job = provision
    ? [
        ...initConfigMap(infra, ctx),
        // The operator makes and owns the ServiceAccount named like the instance (with a Role on its Cluster):
        // the Job runs as one of its own, which holds no rights.
        serviceAccountObject({ name: `${infra.name}-provision`, namespace: ctx.namespace, labels: infraLabels(infra, ctx) }, false),
        provisionJob(infra, ctx, {
          image: infra.image,
          uid,
          gid,
          script: provisionScript(infra),
          serviceAccount: `${infra.name}-provision`,
          // The owner of the main database is no superuser under the operator: roles and databases need postgres.
          env: [
            { name: 'PGHOST', value: primaryServiceHost(infra, ctx) },
            { name: 'PGPORT', value: String(PORT) },
            { name: 'PGUSER', value: 'postgres' },
            { name: 'PGPASSWORD', secret: { name: superuserSecretName(infra), key: 'password' } },
            { name: 'PGDATABASE', value: 'postgres' },
            { name: 'PGCONNECT_TIMEOUT', value: '5' },
          ],
        }),
      ]
    : [];
  const options = infra.options as { sharedMemory?: string };
  return cnpgCluster(infra, ctx, { port: PORT, uid, gid, extra: job, parameters: postgresParameters(infra.options ?? {}), ...(options.sharedMemory ? { shm: options.sharedMemory } : {}) });
}

export const postgresql: CatalogEntry = sqlServer({
  type: 'postgresql',
  description: 'PostgreSQL relational database (official image), own databases per user, PGDATA on a volume',
  image: 'postgres',
  defaultVersion: '17.11',
  port: PORT,
  initLanguage: 'SQL (psql)',
  // Other builds of the same server (PostGIS, TimescaleDB): analyze and import map them onto this entry.
  alsoRecognizes: /(^|\/)(postgres|postgresql|postgis|timescaledb[-\w]*)$/,
  // One instance is slipway's StatefulSet; more are a CloudNativePG Cluster (postgresql-cnpg.ts): a primary
  // with streaming replicas and operator-driven failover, which a plain StatefulSet cannot give.
  maxReplicas: 9,
  user: { uid: 999, gid: 999 },
  variants: [
    // Alpine builds use Alpine's standard postgres user, 70:70 (docker-library/postgres 17/alpine3.22/Dockerfile).
    { tag: /(^|-)alpine/, user: { uid: 70, gid: 70 } },
  ],
  names: {
    // NAMEDATALEN is 64: longer identifiers are truncated with only a NOTICE, so the provisioning Job would look
    // for a role it never created. pg_* roles, public and none are refused by CREATE ROLE and initdb.
    maxUser: 63,
    maxDatabase: 63,
    // slipway_metrics: the exporter's monitoring role (postgresql-metrics.ts).
    reservedUsers: ['pg_*', 'public', 'none', METRICS_USER],
    // template0 refuses connections; template1 is copied into every new database.
    reservedDatabases: ['template0', 'template1'],
    // The maintenance database: an own user named postgres would become its owner.
    reservedOwn: ['postgres'],
    source: 'PostgreSQL docs "Identifiers and Key Words" and "Database Roles"',
  },

  options: PostgresOptions,
  // A replicated instance's settings go to the Cluster's spec.postgresql.parameters (the operator writes them into
  // postgresql.conf and refuses the ones it manages), not onto a command line slipway does not own.
  config: (infra) => (infra.replicas > 1 ? { env: [], args: [], files: [] } : postgresConfig(infra.options)),
  checkOptions: checkPostgresOptions,
  reservedFlags: POSTGRES_RESERVED_FLAGS,
  internalHost: (infra, ctx) => (infra.replicas > 1 ? primaryServiceHost(infra, ctx) : undefined),
  metrics: (infra) => postgresMetrics(infra, PORT),

  url: (c) => `postgresql://${c.user}:{password}@${c.host}:${c.port}/${c.database}${c.tls ? '?sslmode=require' : ''}`,

  internal(infra, ctx) {
    if (infra.replicas > 1) return replicated(infra, ctx);
    const secret = credentialsSecret(infra, ctx, ['password'], undefined, { database: infra.database, user: infra.user });
    // pg_isready only asks whether the server accepts connections (no authentication). Over TCP, because the
    // entrypoint's init-time server listens on the socket only (listen_addresses=''), so the pod is not Ready early.
    const { uid, gid } = runAs(postgresql, infra.image);
    const isReady = ['pg_isready', '-U', infra.user, '-d', infra.database, '-h', '127.0.0.1', '-p', String(PORT)];
    const objects = serverObjects(infra, ctx, {
      uid,
      gid,
      ports: [{ name: 'postgresql', port: PORT }],
      dataPath: DATA,
      // Socket/lock dir (the image creates it mode 3777 in the root filesystem) and scratch space.
      writable: ['/var/run/postgresql', '/tmp'],
      // dynamic_shared_memory_type=posix uses /dev/shm; the runtime's 64 MiB default is too small for parallel query.
      extra: { volumes: [{ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: infra.options.sharedMemory ?? '256Mi' } }], mounts: [{ name: 'dshm', mountPath: '/dev/shm' }] },
      // The image's STOPSIGNAL is SIGINT (fast shutdown); its Dockerfile notes shutdown may need well over 10 s.
      pod: { terminationGracePeriodSeconds: 60 },
      metrics: postgresMetrics(infra, PORT),
      container: {
        name: 'postgresql',
        image: infra.image,
        env: k8sEnv([
          // A subdirectory of the volume: initdb refuses a non-empty directory, and a volume root may hold lost+found
          // (image docs, "PGDATA"). The entrypoint creates it and sets mode 0700 itself.
          { name: 'PGDATA', value: `${DATA}/pgdata` },
          { name: 'POSTGRES_DB', value: infra.database },
          { name: 'POSTGRES_PASSWORD', secret: passwordRef(infra) },
          { name: 'POSTGRES_USER', value: infra.user },
        ]),
        // First start runs initdb; crash recovery after an unclean stop can also take a while.
        startupProbe: execProbe(isReady, { period: 5, failureThreshold: 60 }),
        readinessProbe: execProbe(isReady, { period: 5 }),
        // Liveness only asks "is the server process up and listening": a TCP connect. A server busy with a long query,
        // recovery or a replica catch-up may fail the full readiness check for a while; that should take it out of the
        // Service, not restart it (a restart would start the recovery again).
        livenessProbe: portProbe('postgresql', undefined, { period: 15, timeout: 10, failureThreshold: 6 }),
      },
    });
    // A scraped instance's Job also makes the exporter's monitoring role.
    const exporter = infra.metrics ? [metricsSecret(infra, ctx)] : [];
    if (!infra.databases.length && !infra.init?.length && !infra.metrics) return { secrets: [secret], objects };
    const job = provisionJob(infra, ctx, {
      image: infra.image,
      uid,
      gid,
      script: provisionScript(infra),
      env: [
        { name: 'PGHOST', value: serviceHost(infra, ctx) },
        { name: 'PGPORT', value: String(PORT) },
        { name: 'PGUSER', value: infra.user },
        { name: 'PGPASSWORD', secret: passwordRef(infra) },
        // The maintenance database always exists; \connect switches to each own database.
        { name: 'PGDATABASE', value: 'postgres' },
        { name: 'PGCONNECT_TIMEOUT', value: '5' },
        ...(infra.metrics ? [{ name: METRICS_PASSWORD_ENV, secret: metricsPasswordRef(infra) }] : []),
      ],
    });
    return { secrets: [secret, ...exporter, ...databaseSecrets(infra, ctx)], objects: [...initConfigMap(infra, ctx), ...objects, job] };
  },

  wait(infra, conn) {
    // A query as the connecting user, not just pg_isready: an own database's role exists only once the
    // provisioning Job has run, and this also proves the password.
    const args = `-h ${shellQuote(conn.host)} -p ${conn.port} -U ${shellQuote(conn.user ?? infra.user)} -d ${shellQuote(conn.database ?? infra.database)}`;
    return waitContainer({
      target: infra.name,
      image: postgresql.clientImage(infra),
      check: `psql ${args} -w -tAc 'SELECT 1' >/dev/null 2>&1`,
      env: [
        ...(conn.password ? [{ name: 'PGPASSWORD', secret: conn.password }] : []),
        { name: 'PGCONNECT_TIMEOUT', value: '3' },
        ...(conn.tls ? [{ name: 'PGSSLMODE', value: 'require' }] : []),
      ],
    });
  },
});
