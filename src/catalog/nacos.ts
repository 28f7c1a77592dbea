/**
 * Nacos (config centre and service registry) from the official image nacos/nacos-server (nacos-group/nacos-docker
 * tag v2.4.3: build/{Dockerfile,bin/docker-startup.sh,conf/application.properties}). The image has no USER (it
 * runs as root) and nothing in it needs root: the JVM writes logs, data, Tomcat's work directory and, in cluster
 * mode, conf/cluster.conf, all of which are redirected or made writable here, so it runs as an unprivileged UID.
 *
 * Storage: with `options.mysql` the configuration lives in that MySQL entry of the stack (the image's
 * SPRING_DATASOURCE_PLATFORM=mysql and MYSQL_SERVICE_*); the image does not create its tables, so an init container
 * loads the distribution's conf/mysql-schema.sql once. Without it, Nacos keeps its data on its own volume (Derby
 * standalone; with 3 replicas the embedded Raft storage of the image's cluster-embedded example).
 *
 * Auth stays off (the image's default) as in seed 000: Nacos 2.4 asks for the admin password to be set through its
 * API on first start, which an entry cannot do declaratively yet; NetworkPolicies limit it to its users.
 */
import type { TObject, TOptional, TString } from '@sinclair/typebox';
import { k8sEnv } from '../generate/pod/env.js';
import type { Connection, EnvVar, ResolvedInfra } from '../model/resolved.js';
import type { CatalogEntry } from './contract.js';
import { defineCatalogEntry } from './define.js';
import { endpoint, podHost, portProbe, serverObjects } from './common.js';
import { mysql } from './mysql.js';
import { BUSYBOX_IMAGE, tcpWait, waitContainer } from './wait.js';
import { volumeNameForPath } from '../generate/names.js';

const PORT = 8848;
const HOME = '/home/nacos';
const CONF = `${HOME}/conf`;
const CONF_SEED = '/mnt/conf-seed';
/** Health endpoints are on the image's auth allow-list (nacos.security.ignore.urls /v1/console/health/**). */
export const READINESS = '/nacos/v1/console/health/readiness';
export const LIVENESS = '/nacos/v1/console/health/liveness';

type NacosOptionsSchema = TObject<{ mysql: TOptional<TString> }>;

/** Plain JSON Schema typed as its TypeBox equivalent, which keeps TypeBox off the CLI's start-up path (as redis.ts). */
export const NacosOptions = {
  type: 'object',
  additionalProperties: false,
  properties: {
    mysql: {
      type: 'string',
      minLength: 1,
      description: 'A mysql infra entry of this stack that keeps the configuration (its tables are created on first start). @default embedded storage on the Nacos volume',
    },
  },
} as unknown as NacosOptionsSchema;

/**
 * Loads the schema when the database has no config_info table yet; host, port, user and database come from the
 * MYSQL_SERVICE_* env (the dependency's connection), the password from MYSQL_PWD, never argv.
 */
export function schemaScript(tls: boolean): string {
  const client = `mysql --protocol=tcp -h "$MYSQL_SERVICE_HOST" -P "$MYSQL_SERVICE_PORT" -u "$MYSQL_SERVICE_USER"${tls ? ' --ssl-mode=REQUIRED' : ''} --connect-timeout=3 "$MYSQL_SERVICE_DB_NAME"`;
  return [
    'set -eu',
    'export MYSQL_PWD="$MYSQL_SERVICE_PASSWORD"',
    `until ${client} -e 'SELECT 1' >/dev/null 2>&1; do echo "waiting for mysql"; sleep 2; done`,
    `n=$(${client} -N -e "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'config_info'")`,
    `if [ "$n" = 0 ]; then ${client} < ${CONF_SEED}/mysql-schema.sql; fi`,
  ].join('\n');
}

/** The mysql entry's connection as the image's MYSQL_SERVICE_* settings: internal or external alike, as that entry says. */
function mysqlEnv(c: Connection): EnvVar[] {
  return [
    { name: 'MYSQL_SERVICE_HOST', value: c.host },
    { name: 'MYSQL_SERVICE_PORT', value: String(c.port) },
    { name: 'MYSQL_SERVICE_DB_NAME', value: c.database ?? '' },
    { name: 'MYSQL_SERVICE_USER', value: c.user ?? '' },
    ...(c.password ? [{ name: 'MYSQL_SERVICE_PASSWORD', secret: c.password }] : []),
  ];
}

/** The connection resolve handed this instance for its `options.mysql` entry (ResolvedInfra.dependencies). */
function storeConnection(infra: ResolvedInfra, store: string): Connection {
  const c = infra.dependencies?.[store];
  if (!c) throw new Error(`nacos "${infra.name}": no connection to its mysql entry "${store}" (resolve fills infra.dependencies)`);
  return c;
}

export const nacos: CatalogEntry = defineCatalogEntry({
  type: 'nacos',
  description: 'Nacos config centre and service registry (official image), on a MySQL entry of the stack or embedded storage',
  image: 'nacos/nacos-server',
  defaultVersion: 'v2.4.3',
  port: PORT,
  env: { url: 'NACOS_SERVER_URL', host: 'NACOS_HOST', port: 'NACOS_PORT' },
  needsPassword: false,
  maxReplicas: 3,
  replicaCounts: [1, 3],
  // The image declares no user; a high UID keeps clear of host users.
  user: { uid: 10001, gid: 10001 },
  options: NacosOptions,

  dependsOn: (infra) => (infra.options.mysql ? [{ name: infra.options.mysql, type: 'mysql', path: ['options', 'mysql'] }] : []),

  connection(infra, ctx) {
    const e = endpoint(infra, ctx, PORT);
    return { host: e.host, port: e.port, tls: e.tls, values: { host: e.host, port: String(e.port) }, url: `${e.tls ? 'https' : 'http'}://${e.host}:${e.port}` };
  },

  internal(infra, ctx) {
    const store = infra.options.mysql;
    const db = store ? storeConnection(infra, store) : undefined;
    const cluster = infra.replicas > 1;
    const servers = Array.from({ length: infra.replicas }, (_, i) => `${podHost(infra, ctx, i)}:${PORT}`).join(' ');
    const conf = volumeNameForPath(CONF);
    const seed = {
      // conf/ is written in cluster mode (cluster.conf) and holds mysql-schema.sql: an emptyDir seeded from the image.
      name: 'seed-conf',
      image: infra.image,
      command: ['sh', '-c', `cp -R ${CONF}/. ${CONF_SEED}/`],
      volumeMounts: [{ name: conf, mountPath: CONF_SEED }],
    };
    const schema = db
      ? [
          {
            name: 'mysql-schema',
            image: mysql.clientImage({ ...infra, mode: 'external' }),
            command: ['sh', '-c', schemaScript(db.tls)],
            env: k8sEnv(mysqlEnv(db)),
            volumeMounts: [{ name: conf, mountPath: CONF_SEED, readOnly: true }],
          },
        ]
      : [];
    return {
      secrets: [],
      objects: serverObjects(infra, ctx, {
        uid: 10001,
        replicas: infra.replicas,
        ports: [
          { name: 'http', port: PORT },
          // Nacos 2 clients also speak gRPC on the HTTP port + 1000 (nacos.io "Nacos 2.0 compatibility").
          { name: 'grpc', port: PORT + 1000 },
          // Peers: Raft (port − 1000) and the server-to-server gRPC port (+ 1001).
          { name: 'raft', port: PORT - 1000, peerOnly: true },
          { name: 'peer-grpc', port: PORT + 1001, peerOnly: true },
        ],
        dataPath: `${HOME}/data`,
        writable: [CONF, `${HOME}/logs`, '/tmp'],
        initContainers: [seed, ...schema],
        statefulSet: { podManagementPolicy: 'Parallel' },
        container: {
          name: 'nacos',
          image: infra.image,
          env: k8sEnv([
            { name: 'MODE', value: cluster ? 'cluster' : 'standalone' },
            { name: 'PREFER_HOST_MODE', value: 'hostname' },
            ...(cluster ? [{ name: 'NACOS_SERVERS', value: servers }] : []),
            ...(cluster && !store ? [{ name: 'EMBEDDED_STORAGE', value: 'embedded' }] : []),
            ...(db
              ? [
                  { name: 'SPRING_DATASOURCE_PLATFORM', value: 'mysql' },
                  ...mysqlEnv(db),
                  { name: 'MYSQL_SERVICE_DB_PARAM', value: `characterEncoding=utf8&connectTimeout=1000&socketTimeout=3000&autoReconnect=true&useSSL=${db.tls}&allowPublicKeyRetrieval=true&serverTimezone=UTC` },
                ]
              : []),
            // Empty JVM_XM* drop the image's fixed 1 GiB heap (docker-startup.sh join_if_exist); the heap follows the
            // container's memory limit instead. UID 10001 has no passwd entry, so user.home points at scratch space.
            { name: 'JVM_XMS', value: '' },
            { name: 'JVM_XMX', value: '' },
            { name: 'JVM_XMN', value: '' },
            { name: 'JAVA_TOOL_OPTIONS', value: '-XX:MaxRAMPercentage=60 -Duser.home=/tmp' },
            // Appended after `-jar nacos-server.jar`: Tomcat's base dir (server.tomcat.basedir=file:.) off the read-only root.
            { name: 'JAVA_OPT_EXT', value: '--server.tomcat.basedir=/tmp/nacos-tomcat' },
          ]),
          startupProbe: portProbe('http', LIVENESS, { period: 5, failureThreshold: 60 }),
          readinessProbe: portProbe('http', READINESS, { period: 10 }),
          livenessProbe: portProbe('grpc', undefined, { period: 20, failureThreshold: 6 }),
        },
      }),
    };
  },

  wait(infra, conn) {
    // The readiness endpoint answers 200 once Nacos serves configuration (the image has curl; BusyBox wget is smaller).
    if (infra.mode === 'external') return tcpWait(infra.name, conn.host, conn.port);
    return waitContainer({ target: infra.name, image: BUSYBOX_IMAGE, check: `timeout 10 wget -q -O /dev/null http://${conn.host}:${conn.port}${READINESS}` });
  },
});
