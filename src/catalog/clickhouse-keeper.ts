/**
 * ClickHouse Keeper, the ZooKeeper-compatible coordination service that replicated ClickHouse tables and ON CLUSTER
 * DDL need, from the official image (https://hub.docker.com/r/clickhouse/clickhouse-keeper; ClickHouse/ClickHouse
 * docker/keeper/{Dockerfile,entrypoint.sh}). The image's user is clickhouse, UID/GID 101 ("The same uid / gid (101)
 * is used both for alpine and ubuntu"). As non-root the entrypoint skips chown, checks that the data directory
 * (CLICKHOUSE_DATA_DIR, default /var/lib/clickhouse), its coordination/{log,snapshots} and the log directory
 * /var/log/clickhouse-keeper are writable, cd's into the data directory and runs
 * `clickhouse-keeper --config-file=/etc/clickhouse-keeper/keeper_config.xml` when that file exists.
 *
 * The whole keeper_config.xml is slipway's (mounted over the image's with subPath): console logging only (the
 * packaged file logs at trace into /var/log/clickhouse-keeper), the Raft members by their pods' stable DNS names,
 * and each pod's own server_id read from the environment (`from_env`), which its start command sets from the pod
 * ordinal. Raft ids start at 1, as in every example of the Keeper docs.
 *
 * Readiness is Keeper's HTTP control endpoint (clickhouse.com/docs/operations/utilities/clickhouse-keeper-http-api:
 * `<http_control>` with readiness endpoint /ready, HTTP 200 once the node has a leader), rather than the `ruok`
 * four-letter word, which answers `imok` as soon as the process listens, quorum or not. Waits use `ruok` through
 * the client Service, which only routes to Ready members, so it too means "a member with a leader answers".
 */
import type { Connection, ResolvedInfra } from '../model/resolved.js';
import type { CatalogContext, CatalogEntry, Container } from './contract.js';
import { defineCatalogEntry } from './define.js';
import { endpoint, infraLabels, podHost, portProbe, serverObjects, shellQuote } from './common.js';
import { BUSYBOX_IMAGE, waitContainer } from './wait.js';
import { runAs } from './image-user.js';
import { configMap } from '../generate/objects.js';
import { fitName } from '../generate/names.js';

export const KEEPER_PORT = 9181;
export const RAFT_PORT = 9234;
export const CONTROL_PORT = 9182;
export const READY_PATH = '/ready';
const CONFIG = '/etc/clickhouse-keeper/keeper_config.xml';
const DATA = '/var/lib/clickhouse';
/** The env var each pod's start command sets and keeper_config.xml reads its server_id from. */
export const SERVER_ID_ENV = 'KEEPER_SERVER_ID';

export function keeperConfigName(infra: ResolvedInfra): string {
  return fitName([infra.name, 'config']);
}

/** Every member's client endpoint (`host:9181`), in pod order; an external Keeper is its one endpoint. */
export function keeperNodes(infra: ResolvedInfra, ctx: CatalogContext): string[] {
  if (infra.mode === 'external') return [`${infra.external?.host ?? ''}:${infra.external?.port ?? KEEPER_PORT}`];
  return Array.from({ length: infra.replicas }, (_, i) => `${podHost(infra, ctx, i)}:${KEEPER_PORT}`);
}

/** keeper_config.xml of an internal ensemble: the same file in every pod, the pod's own id from its environment. */
export function keeperConfig(infra: ResolvedInfra, ctx: CatalogContext): string {
  const members = Array.from({ length: infra.replicas }, (_, i) => [
    '      <server>',
    `        <id>${i + 1}</id>`,
    `        <hostname>${podHost(infra, ctx, i)}</hostname>`,
    `        <port>${RAFT_PORT}</port>`,
    '      </server>',
  ]).flat();
  return [
    '<clickhouse>',
    '  <logger>',
    '    <level>information</level>',
    '    <console>1</console>',
    '  </logger>',
    // Both address families where the node has them; listen_try keeps a node without IPv6 starting.
    '  <listen_host>0.0.0.0</listen_host>',
    '  <listen_host>::</listen_host>',
    '  <listen_try>1</listen_try>',
    '  <keeper_server>',
    `    <tcp_port>${KEEPER_PORT}</tcp_port>`,
    `    <server_id from_env="${SERVER_ID_ENV}"/>`,
    // The paths the image's entrypoint creates and checks (COORDINATION_LOG_DIR, COORDINATION_SNAPSHOT_DIR).
    `    <log_storage_path>${DATA}/coordination/log</log_storage_path>`,
    `    <snapshot_storage_path>${DATA}/coordination/snapshots</snapshot_storage_path>`,
    '    <coordination_settings>',
    '      <operation_timeout_ms>10000</operation_timeout_ms>',
    '      <session_timeout_ms>30000</session_timeout_ms>',
    '      <raft_logs_level>warning</raft_logs_level>',
    '    </coordination_settings>',
    '    <http_control>',
    `      <port>${CONTROL_PORT}</port>`,
    `      <readiness><endpoint>${READY_PATH}</endpoint></readiness>`,
    '    </http_control>',
    '    <raft_configuration>',
    ...members,
    '    </raft_configuration>',
    '  </keeper_server>',
    '</clickhouse>',
    '',
  ].join('\n');
}

/**
 * Blocks until a Keeper member answers `ruok` (in four_letter_word_white_list by default) on the client port.
 * Internally that is the client Service, which routes only to Ready members, i.e. members that know a leader.
 */
export function keeperWait(target: string, conn: Connection): Container {
  return waitContainer({ target, image: BUSYBOX_IMAGE, check: `echo ruok | nc -w 2 ${shellQuote(conn.host)} ${conn.port} | grep -q imok` });
}

export const clickhouseKeeper: CatalogEntry = defineCatalogEntry({
  type: 'clickhouse-keeper',
  description: 'ClickHouse Keeper coordination for replicated ClickHouse (official image), a Raft ensemble of 1, 3 or 5',
  image: 'clickhouse/clickhouse-keeper',
  defaultVersion: '25.8.32.4',
  port: KEEPER_PORT,
  env: { nodes: 'KEEPER_NODES', host: 'KEEPER_HOST', port: 'KEEPER_PORT' },
  // Keeper has no users of its own here: the NetworkPolicy admits only the ClickHouse entries that use it.
  needsPassword: false,
  maxReplicas: 5,
  // A Raft ensemble of n survives (n-1)/2 failures: an even count adds a member without adding tolerance.
  replicaCounts: [1, 3, 5],
  quorum: true,
  productionReplicas: 3,
  user: { uid: 101, gid: 101 },
  variants: [{ tag: /(^|-)distroless/, refused: "the distroless variant has no shell for the start command that sets each pod's server_id; use the default tag" }],
  // The image's command takes clickhouse-keeper flags, but every setting that matters here is in keeper_config.xml.
  argsRefused: 'the ensemble is configured by its keeper_config.xml, which slipway writes whole (Raft members, ids, ports)',

  connection(infra, ctx) {
    const e = endpoint(infra, ctx, KEEPER_PORT);
    return { host: e.host, port: e.port, tls: e.tls, values: { nodes: keeperNodes(infra, ctx).join(','), host: e.host, port: String(e.port) } };
  },

  internal(infra, ctx) {
    const { uid, gid } = runAs(clickhouseKeeper, infra.image);
    const config = configMap({ name: keeperConfigName(infra), namespace: ctx.namespace, labels: infraLabels(infra, ctx) }, { 'keeper_config.xml': keeperConfig(infra, ctx) });
    return {
      secrets: [],
      objects: [
        config,
        ...serverObjects(infra, ctx, {
          uid,
          gid,
          replicas: infra.replicas,
          ports: [
            { name: 'client', port: KEEPER_PORT },
            // Probed by the kubelet only: clients and the users' waits speak to the client port.
            { name: 'control', port: CONTROL_PORT, peerOnly: true },
            { name: 'raft', port: RAFT_PORT, peerOnly: true },
          ],
          dataPath: DATA,
          // The entrypoint refuses to start unless the log directory is writable, though nothing is logged there.
          writable: ['/var/log/clickhouse-keeper', '/tmp'],
          extra: {
            volumes: [{ name: 'config', configMap: { name: config.metadata.name } }],
            mounts: [{ name: 'config', mountPath: CONFIG, subPath: 'keeper_config.xml', readOnly: true }],
          },
          // A majority must run before any member is Ready; OrderedReady would wait for pod 0 alone forever.
          statefulSet: { podManagementPolicy: 'Parallel' },
          pod: { terminationGracePeriodSeconds: 30 },
          container: {
            name: 'keeper',
            image: infra.image,
            // server_id = ordinal + 1 (keeper-2 → 3), then the image's own entrypoint.
            command: ['sh', '-c', `export ${SERVER_ID_ENV}=$(( \${HOSTNAME##*-} + 1 )); exec /entrypoint.sh`],
            // Listening on the Raft port: the process is up; a forming ensemble must not be restarted.
            startupProbe: portProbe('raft', undefined, { period: 5, failureThreshold: 60 }),
            // Ready once this member knows a leader: it serves sessions.
            readinessProbe: portProbe('control', READY_PATH, { period: 5 }),
            livenessProbe: portProbe('raft', undefined, { period: 15, failureThreshold: 6 }),
          },
        }),
      ],
    };
  },

  wait(infra, conn) {
    return keeperWait(infra.name, conn);
  },
});
