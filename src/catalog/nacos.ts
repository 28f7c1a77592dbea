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
 * Auth is on (nacos-group/nacos-docker README "Common property configuration" and build/conf/application.properties:
 * NACOS_AUTH_ENABLE becomes -Dnacos.core.auth.enabled in bin/docker-startup.sh; NACOS_AUTH_TOKEN is
 * nacos.core.auth.plugin.nacos.token.secret.key, a Base64 key of at least 32 bytes; NACOS_AUTH_IDENTITY_KEY/VALUE are
 * the header the servers of a cluster identify each other with; since 2.2.1 the image ships no defaults for the
 * three and refuses to start without them). All three come from the instance's generated Secret. Nacos 2.4 creates
 * no user either (its mysql-schema.sql no longer inserts one, alibaba/nacos#11957): the admin user `nacos` gets its
 * password through POST /nacos/v1/auth/users/admin, accepted only while no admin exists. A re-runnable Job does
 * that with the generated password and then proves a login works; users get that user and password.
 */
import type { TObject, TOptional, TString } from '@sinclair/typebox';
import { k8sEnv } from '../generate/pod/env.js';
import type { Connection, EnvVar, ResolvedInfra } from '../model/resolved.js';
import type { CatalogEntry } from './contract.js';
import { defineCatalogEntry } from './define.js';
import { credentialsSecret, endpoint, passwordRef, podHost, portProbe, provisionJob, retryLoop, serverObjects, serviceHost } from './common.js';
import { mysql } from './mysql.js';
import { BUSYBOX_IMAGE, tcpWait, WAIT_UID, waitContainer } from './wait.js';
import { volumeNameForPath } from '../generate/names.js';

const PORT = 8848;
const HOME = '/home/nacos';
const CONF = `${HOME}/conf`;
const CONF_SEED = '/mnt/conf-seed';
/** Health endpoints are on the image's auth allow-list (nacos.security.ignore.urls /v1/console/health/**). */
export const READINESS = '/nacos/v1/console/health/readiness';
export const LIVENESS = '/nacos/v1/console/health/liveness';
/** The user Nacos 2.4 makes its admin (AuthConstants.DEFAULT_USER): the one users log in as. */
export const NACOS_USER = 'nacos';
/** Secret keys: the user's password and what the servers sign tokens and identify each other with. */
const AUTH_KEYS = ['password', 'token', 'identity-key', 'identity-value'];

/**
 * Sets the admin password once and proves it: a login that works ends the Job; otherwise the admin is created
 * (refused with 409 when one exists) and the login must then work. Request bodies are written by printf, a shell
 * builtin, to files under /tmp, so the password is on no command line; answers go to /dev/null, since the admin
 * call's echoes the password. Before the admin exists a login answers 500 ("User nacos not found"), after it 403
 * for a wrong password: wget fails on both.
 */
export function adminScript(base: string, secret: string, tmp = '/tmp'): string {
  const post = (file: string, path: string) => `wget -q -O /dev/null --post-file ${tmp}/${file} ${base}${path}`;
  return [
    'set -eu',
    retryLoop(`wget -q -O /dev/null ${base}${READINESS.slice('/nacos'.length)}`, 'nacos'),
    `printf 'username=${NACOS_USER}&password=%s' "$NACOS_PASSWORD" > ${tmp}/login`,
    `printf 'password=%s' "$NACOS_PASSWORD" > ${tmp}/admin`,
    `if ${post('login', '/v1/auth/login')}; then echo "user ${NACOS_USER} logs in"; exit 0; fi`,
    `${post('admin', '/v1/auth/users/admin')} || true`,
    `${post('login', '/v1/auth/login')} || { echo "user ${NACOS_USER} exists with another password: set it in Nacos to the one Secret ${secret} holds (key password)" >&2; exit 1; }`,
    `echo "user ${NACOS_USER} created"`,
  ].join('\n');
}

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
  env: { url: 'NACOS_SERVER_URL', host: 'NACOS_HOST', port: 'NACOS_PORT', user: 'NACOS_USERNAME', password: 'NACOS_PASSWORD' },
  needsPassword: false,
  maxReplicas: 3,
  replicaCounts: [1, 3],
  // The image declares no user; a high UID keeps clear of host users.
  user: { uid: 10001, gid: 10001 },
  options: NacosOptions,

  dependsOn: (infra) => (infra.options.mysql ? [{ name: infra.options.mysql, type: 'mysql', path: ['options', 'mysql'] }] : []),

  connection(infra, ctx): Connection {
    const e = endpoint(infra, ctx, PORT);
    const base = { host: e.host, port: e.port, tls: e.tls, url: `${e.tls ? 'https' : 'http'}://${e.host}:${e.port}` };
    // An external Nacos may run without auth: credentials only when the stack names its password Secret.
    if (infra.mode === 'external' && !infra.external?.passwordSecret) return { ...base, values: { host: e.host, port: String(e.port) } };
    const user = infra.mode === 'external' ? (infra.external?.user ?? NACOS_USER) : NACOS_USER;
    return { ...base, user, password: passwordRef(infra), values: { host: e.host, port: String(e.port), user } };
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
    // 48 random bytes in Base64: the token key must decode to at least 32 bytes (HMAC-SHA256 of the JWTs).
    const secret = { ...credentialsSecret(infra, ctx, AUTH_KEYS, undefined, { user: NACOS_USER }), shapes: { token: { kind: 'random', encoding: 'base64', length: 48 } as const } };
    const fromSecret = (name: string, key: string) => ({ name, secret: { name: secret.name, key } });
    const admin = provisionJob(infra, ctx, {
      image: BUSYBOX_IMAGE,
      uid: WAIT_UID,
      script: adminScript(`http://${serviceHost(infra, ctx)}:${PORT}/nacos`, secret.name),
      env: [fromSecret('NACOS_PASSWORD', 'password')],
    });
    return {
      secrets: [secret],
      objects: [...serverObjects(infra, ctx, {
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
            { name: 'NACOS_AUTH_ENABLE', value: 'true' },
            fromSecret('NACOS_AUTH_TOKEN', 'token'),
            fromSecret('NACOS_AUTH_IDENTITY_KEY', 'identity-key'),
            fromSecret('NACOS_AUTH_IDENTITY_VALUE', 'identity-value'),
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
      }), admin],
    };
  },

  wait(infra, conn) {
    // The readiness endpoint answers 200 once Nacos serves configuration (the image has curl; BusyBox wget is smaller).
    if (infra.mode === 'external') return tcpWait(infra.name, conn.host, conn.port);
    return waitContainer({ target: infra.name, image: BUSYBOX_IMAGE, check: `timeout 10 wget -q -O /dev/null http://${conn.host}:${conn.port}${READINESS}` });
  },
});
