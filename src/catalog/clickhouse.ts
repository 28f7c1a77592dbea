/**
 * ClickHouse from the official image (https://hub.docker.com/r/clickhouse/clickhouse-server, ClickHouse/ClickHouse
 * docker/server/{Dockerfile.ubuntu,entrypoint.sh,docker_related_config.xml}). The image's user is clickhouse,
 * UID/GID 101; as non-root the entrypoint skips chown and starts the server through `clickhouse su <uid>:<gid>`,
 * which needs a non-zero GID (runAsGroup is always set). With CLICKHOUSE_USER/PASSWORD set, the entrypoint writes
 * users.d/default-user.xml (removes `default`, creates the user).
 *
 * config.d ships docker_related_config.xml (listen_host :: and 0.0.0.0), so it is never covered by a volume:
 * without it the server would listen on localhost only. Our own settings are single files mounted with subPath.
 * Older revisions of that file leave console logging commented out, so the server would log at `trace` into
 * /var/log/clickhouse-server (1000M × 10 files); zz-slipway-logging.xml, read after it, logs to the console
 * whatever the tag ships.
 *
 * Open files: the image docs recommend `--ulimit nofile=262144:262144`. Kubernetes has no per-pod rlimit, so the
 * container inherits the container runtime's limit (containerd and CRI-O typically run with a hard nofile limit of
 * 524288–1048576), and ClickHouse raises its soft limit to that hard limit at startup. Where a node's limit is lower,
 * raise it in the runtime (containerd's systemd unit LimitNOFILE or base_runtime_spec rlimits, CRI-O
 * default_ulimits); a container without CAP_SYS_RESOURCE cannot raise it itself.
 */
import type { CatalogEntry } from './contract.js';
import { defineCatalogEntry } from './define.js';
import { credentialsSecret, endpoint, infraLabels, passwordRef, portProbe, provisionJob, retryLoop, serverObjects, serviceHost, shellQuote } from './common.js';
import { initConfigMap, initShell, type InitDialect } from './init-scripts.js';
import type { CatalogContext } from './contract.js';
import { k8sEnv } from '../generate/pod/env.js';
import { waitContainer } from './wait.js';
import { runAs } from './image-user.js';
import { configMap } from '../generate/objects.js';
import { fitName } from '../generate/names.js';
import type { ResolvedInfra } from '../model/resolved.js';
import { builtinEndpoint } from './metrics-endpoint.js';
import { checkClickhouseFile, clickhouseConfig, ClickhouseOptions, CONFIG_D } from './clickhouse-config.js';
import { INTERSERVER_PORT, REPLICA_ENV, REPLICATION_FILE, replicaHost, replicationConfig, CLUSTER } from './clickhouse-replication.js';
import { keeperWait } from './clickhouse-keeper.js';
import type { Connection } from '../model/resolved.js';

const LOGGING_FILE = 'zz-slipway-logging.xml';
/**
 * The server's own Prometheus endpoint (clickhouse.com/docs "Prometheus metrics"): system.metrics, events and
 * asynchronous_metrics on 9363, on the image's listen_host. Only for a scraped instance; the stock config.xml
 * ships the section commented out.
 */
const PROMETHEUS_FILE = 'zz-slipway-prometheus.xml';
const PROMETHEUS_PORT = 9363;
const PROMETHEUS = [
  '<clickhouse>',
  '  <prometheus>',
  '    <endpoint>/metrics</endpoint>',
  `    <port>${PROMETHEUS_PORT}</port>`,
  '    <metrics>true</metrics>',
  '    <events>true</events>',
  '    <asynchronous_metrics>true</asynchronous_metrics>',
  '    <errors>true</errors>',
  '  </prometheus>',
  '</clickhouse>',
  '',
].join('\n');
/** Console logging at information level; `remove` drops the file loggers of the image's config.xml. */
const LOGGING = [
  '<clickhouse>',
  '  <logger>',
  '    <level>information</level>',
  '    <console>1</console>',
  '    <log remove="remove"/>',
  '    <errorlog remove="remove"/>',
  '  </logger>',
  '</clickhouse>',
  '',
].join('\n');

export function clickhouseConfigName(infra: ResolvedInfra): string {
  return fitName([infra.name, 'config']);
}
/**
 * Init scripts through clickhouse-client from the server image (clickhouse.com/docs/interfaces/cli, "Environment
 * variable options": the user and password come from CLICKHOUSE_USER/CLICKHOUSE_PASSWORD, read since 22.3,
 * ClickHouse#34947, so the password is never on argv; `--queries-file` runs a file of `;`-separated statements).
 * ClickHouse has no own databases per user: a script's `database:` is created here if
 * missing (seed 001's raw, vault, marts, quality). The record is a ReplacingMergeTree read with argMax, so a
 * re-run's newer row wins without FINAL; there are no transactions, so the record follows a successful script.
 */
function initDialect(replicated: boolean): InitDialect {
  // With a Keeper the database and the record exist on every replica (ON CLUSTER), the record replicated, so a
  // script is recorded once for the whole cluster; the scripts themselves create their tables ON CLUSTER '{cluster}'.
  const onCluster = replicated ? ` ON CLUSTER ${CLUSTER}` : '';
  const engine = replicated ? 'ReplicatedReplacingMergeTree(applied_at)' : 'ReplacingMergeTree(applied_at)';
  return {
    prepare: (db) =>
      [
        `ch --query 'CREATE DATABASE IF NOT EXISTS ${db}${onCluster}'`,
        `ch --query 'CREATE TABLE IF NOT EXISTS ${db}.slipway_init${onCluster} (name String, sha256 String, applied_at DateTime64(3) DEFAULT now64(3)) ENGINE = ${engine} ORDER BY name'`,
      ].join('; '),
    // argMax over no rows is the empty string: nothing recorded.
    recorded: (db, name) => `ch --query "SELECT argMax(sha256, applied_at) FROM ${db}.slipway_init WHERE name = '${name}'"`,
    apply: (s, file) => `ch --database ${s.database} --queries-file ${file}; ch --query "INSERT INTO ${s.database}.slipway_init (name, sha256) VALUES ('${s.name}', '${s.sha256}')"`,
  };
}

/** The provisioning Job's script: wait for the native port, then the init scripts. */
export function clickhouseInitScript(infra: ResolvedInfra, ctx: CatalogContext): string {
  return [
    'set -eu',
    `ch() { clickhouse-client --host ${shellQuote(serviceHost(infra, ctx))} --port ${NATIVE_PORT} "$@"; }`,
    retryLoop(`ch --query 'SELECT 1' >/dev/null 2>&1`, 'clickhouse'),
    ...initShell(infra, initDialect(infra.options?.keeper !== undefined)),
  ].join('\n');
}

const HTTP_PORT = 8123;
const NATIVE_PORT = 9000;
/** Default TLS ports (https_port, tcp_port_secure) for external servers with tls and no explicit port. */
const HTTPS_PORT = 8443;
const NATIVE_TLS_PORT = 9440;

/** The connection resolve handed this instance for its `options.keeper` entry (ResolvedInfra.dependencies). */
function keeperConnection(infra: ResolvedInfra, keeper: string): Connection {
  const c = infra.dependencies?.[keeper];
  if (!c) throw new Error(`clickhouse "${infra.name}": no connection to its keeper entry "${keeper}" (resolve fills infra.dependencies)`);
  return c;
}

export const clickhouse: CatalogEntry = defineCatalogEntry({
  type: 'clickhouse',
  description: 'ClickHouse column-oriented analytics database (official image), HTTP and native protocol',
  image: 'clickhouse/clickhouse-server',
  defaultVersion: '25.8.32.4',
  port: HTTP_PORT,
  env: {
    url: 'CLICKHOUSE_URL',
    host: 'CLICKHOUSE_HOST',
    port: 'CLICKHOUSE_PORT',
    nativePort: 'CLICKHOUSE_NATIVE_PORT',
    database: 'CLICKHOUSE_DATABASE',
    user: 'CLICKHOUSE_USER',
    password: 'CLICKHOUSE_PASSWORD',
  },
  initLanguage: 'ClickHouse SQL (clickhouse-client)',
  options: ClickhouseOptions,
  // `files:` by name go where the server merges them over config.xml.
  configDir: CONFIG_D,
  config: (infra) => clickhouseConfig(infra.options),
  checkFile: checkClickhouseFile,
  metrics: () => builtinEndpoint(PROMETHEUS_PORT),
  alsoRecognizes: /(^|\/)(clickhouse-server|clickhouse)$/,
  // The same 101:101 in the Ubuntu and Alpine builds (docker/server/Dockerfile.ubuntu, Dockerfile.alpine).
  user: { uid: 101, gid: 101 },
  // Replicas of one shard, replicated through a Keeper (clickhouse-replication.ts); each holds all the data.
  maxReplicas: 5,
  replicasNeed: { option: 'keeper', type: 'clickhouse-keeper' },
  dependsOn: (infra) => (infra.options.keeper ? [{ name: infra.options.keeper, type: 'clickhouse-keeper', path: ['options', 'keeper'] }] : []),
  variants: [
    { tag: /(^|-)alpine/, refused: "the Alpine variant has BusyBox wget, which lacks the --no-hsts option slipway's wait check runs in the server image; use the default (Ubuntu) tag" },
    { tag: /(^|-)distroless/, refused: "the distroless variant has no shell for slipway's wait check and probes; use the default (Ubuntu) tag" },
  ],

  connection(infra, ctx) {
    const tls = infra.mode === 'external' && (infra.external?.tls ?? false);
    const e = endpoint(infra, ctx, tls ? HTTPS_PORT : HTTP_PORT);
    const nativePort = tls ? NATIVE_TLS_PORT : NATIVE_PORT;
    return {
      host: e.host,
      port: e.port,
      tls: e.tls,
      database: infra.database,
      user: infra.user,
      password: passwordRef(infra),
      values: { host: e.host, port: String(e.port), nativePort: String(nativePort), database: infra.database, user: infra.user },
      url: `${e.tls ? 'https' : 'http'}://${infra.user}:{password}@${e.host}:${e.port}/${infra.database}`,
    };
  },

  internal(infra, ctx) {
    const secret = credentialsSecret(infra, ctx, ['password'], undefined, { database: infra.database, user: infra.user });
    const { uid, gid } = runAs(clickhouse, infra.image);
    const keeper = infra.options.keeper;
    const kc = keeper ? keeperConnection(infra, keeper) : undefined;
    const files: Record<string, string> = {
      [LOGGING_FILE]: LOGGING,
      ...(kc ? { [REPLICATION_FILE]: replicationConfig(infra, ctx, kc, NATIVE_PORT) } : {}),
      ...(infra.metrics ? { [PROMETHEUS_FILE]: PROMETHEUS } : {}),
    };
    const config = configMap({ name: clickhouseConfigName(infra), namespace: ctx.namespace, labels: infraLabels(infra, ctx) }, files);
    const init = infra.init?.length
      ? [
          ...initConfigMap(infra, ctx),
          provisionJob(infra, ctx, {
            image: infra.image,
            uid,
            gid,
            script: clickhouseInitScript(infra, ctx),
            env: [
              { name: 'CLICKHOUSE_USER', value: infra.user },
              { name: 'CLICKHOUSE_PASSWORD', secret: passwordRef(infra) },
            ],
          }),
        ]
      : [];
    return {
      secrets: [secret],
      objects: [
        config,
        ...serverObjects(infra, ctx, {
          uid,
          gid,
          replicas: infra.replicas,
          ports: [
            { name: 'http', port: HTTP_PORT },
            { name: 'native', port: NATIVE_PORT },
            // Replicas fetch parts from each other here (interserver_http_host).
            ...(kc ? [{ name: 'interserver', port: INTERSERVER_PORT, peerOnly: true }] : []),
          ],
          // The image's data path (config.xml <path>); the entrypoint only looks for <path>/data, so lost+found at the
          // volume root does not disturb its first-start detection.
          dataPath: '/var/lib/clickhouse',
          // users.d: the entrypoint writes default-user.xml there (the image ships it empty). /tmp: scratch space of the
          // server and its client. No log directory: logs go to the console (LOGGING).
          writable: ['/etc/clickhouse-server/users.d', '/tmp'],
          extra: {
            volumes: [{ name: 'config', configMap: { name: config.metadata.name } }],
            mounts: Object.keys(files).map((f) => ({ name: 'config', mountPath: `${CONFIG_D}/${f}`, subPath: f, readOnly: true })),
          },
          // A replica that starts without its Keeper opens its Replicated tables read-only and retries; waiting
          // for a member that has a leader keeps the first start clean.
          ...(kc && keeper ? { initContainers: [keeperWait(keeper, kc)] } : {}),
          pod: { terminationGracePeriodSeconds: 60 },
          metrics: builtinEndpoint(PROMETHEUS_PORT),
          container: {
            name: 'clickhouse',
            image: infra.image,
            env: [
              // Declared before CLICKHOUSE_REPLICA, which uses it through $(POD_NAME).
              ...(kc ? [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] : []),
              ...k8sEnv([
                ...(kc ? [{ name: REPLICA_ENV, value: replicaHost(infra, ctx) }] : []),
                // Created with CREATE DATABASE IF NOT EXISTS by the entrypoint on first start (empty data path).
                { name: 'CLICKHOUSE_DB', value: infra.database },
                // Lets the user manage users, roles and grants with SQL (access_management in default-user.xml).
                { name: 'CLICKHOUSE_DEFAULT_ACCESS_MANAGEMENT', value: '1' },
                { name: 'CLICKHOUSE_PASSWORD', secret: passwordRef(infra) },
                { name: 'CLICKHOUSE_USER', value: infra.user },
              ]),
            ],
            // /ping answers "Ok." without authentication. The entrypoint's init-time server listens on 127.0.0.1 only,
            // so the pod is not Ready before initialisation has finished.
            startupProbe: portProbe('http', '/ping', { period: 5, failureThreshold: 60 }),
            readinessProbe: portProbe('http', '/ping', { period: 5 }),
            // Liveness: a TCP connect to the native port, served by the same process (see postgresql.ts for why).
            livenessProbe: portProbe('native', undefined, { period: 15, timeout: 10, failureThreshold: 6 }),
          },
        }),
        ...init,
      ],
    };
  },

  wait(infra, conn) {
    // The image (Ubuntu-based) installs wget, which its own entrypoint uses for the same /ping check.
    const url = `${conn.tls ? 'https' : 'http'}://${conn.host}:${conn.port}/ping`;
    return waitContainer({
      target: infra.name,
      image: clickhouse.clientImage(infra),
      // --no-hsts: wget would otherwise try to keep an HSTS file in the (read-only) home directory.
      check: `wget -q --no-hsts -T 2 -O- ${shellQuote(url)} | grep -q Ok`,
    });
  },
});
