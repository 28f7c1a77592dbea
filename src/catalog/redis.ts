/**
 * Redis from the official image (https://hub.docker.com/_/redis). The image's user is redis, UID/GID 999;
 * the entrypoint only drops privileges when started as root, so running as 999 directly is supported.
 * Data (RDB/AOF) goes to /data, the image's declared volume.
 */
import type { TLiteral, TObject, TOptional, TString, TUnion } from '@sinclair/typebox';
import { execProbe } from '../generate/probes.js';
import type { Connection } from '../model/resolved.js';
import type { CatalogEntry } from './contract.js';
import { defineCatalogEntry } from './define.js';
import { credentialsSecret, endpoint, passwordRef, portProbe, serverObjects, serviceHost } from './common.js';
import { k8sEnv } from '../generate/pod/env.js';
import { volumeNameForPath } from '../generate/names.js';
import { waitContainer } from './wait.js';
import { runAs } from './image-user.js';
import { checkRedisDirectives, redisConfig, RedisDirectives, type RedisDirectivesSchema } from './redis-config.js';
import { exporterEndpoint } from './metrics-endpoint.js';
import type { ResolvedInfra } from '../model/resolved.js';
import { masterName, redisScript, SENTINEL_PORT, SENTINEL_RESERVED_FLAGS, sentinelCheck, sentinelList, sentinelScript } from './redis-sentinel.js';

const PORT = 6379;
/** Sentinel's configuration file, which it rewrites as it learns about the set. */
const SENTINEL_DIR = '/sentinel';
/** Sentinel answers a few commands a second: a small fixed share beside the server. */
const SENTINEL_RESOURCES = { limits: { cpu: '100m', 'ephemeral-storage': '64Mi', memory: '64Mi' }, requests: { cpu: '10m', 'ephemeral-storage': '16Mi', memory: '16Mi' } };

/**
 * oliver006/redis_exporter (Dockerfile: `USER 59000:59000`, `EXPOSE 9121`, /health) beside every server, Sentinel
 * pods included: each exporter reads its own pod's server, so primary and replicas are all measured. Redis has no
 * read-only monitoring role without ACL users, which the entry does not create: the exporter uses the password.
 */
function redisMetrics(infra: ResolvedInfra) {
  return exporterEndpoint({
    name: 'redis-exporter',
    image: 'oliver006/redis_exporter:v1.88.0',
    uid: 59000,
    port: 9121,
    env: [
      { name: 'REDIS_ADDR', value: `redis://127.0.0.1:${PORT}` },
      { name: 'REDIS_PASSWORD', secret: passwordRef(infra) },
    ],
    health: '/health',
  });
}

/** Readiness: an authenticated PING that must answer PONG. */
export const READY = ['sh', '-c', `redis-cli -h 127.0.0.1 -p ${PORT} ping | grep -q PONG`];

/** What to do when maxmemory is reached (redis.conf "MEMORY MANAGEMENT"). */
const POLICIES = ['noeviction', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl'] as const;

type RedisOptionsSchema = TObject<{ maxmemory: TOptional<TString>; maxmemoryPolicy: TOptional<TUnion<TLiteral<(typeof POLICIES)[number]>[]>>; config: TOptional<RedisDirectivesSchema> }>;

/**
 * The options as plain JSON Schema, typed as the TypeBox schema it equals: building it with Type.* would load
 * TypeBox on every run of the CLI, which keeps schema libraries off its start-up path (scripts/write-validator.ts).
 */
export const RedisOptions = {
  type: 'object',
  additionalProperties: false,
  properties: {
    maxmemory: {
      type: 'string',
      pattern: '^[0-9]+([kKmMgG][bB]?)?$',
      description: 'Memory for data before the policy applies, in redis units (e.g. 256mb); keep it below the memory limit. @default no limit',
      errorMessage: 'must be a redis memory size: a number with an optional k, kb, m, mb, g or gb, e.g. 256mb',
    },
    maxmemoryPolicy: {
      anyOf: POLICIES.map((p) => ({ const: p, type: 'string' })),
      description: 'Eviction at maxmemory; a cache wants allkeys-lru or allkeys-lfu. @default noeviction (writes fail)',
    },
    config: RedisDirectives,
  },
} as unknown as RedisOptionsSchema;

export const redis: CatalogEntry = defineCatalogEntry({
  type: 'redis',
  description: 'Redis key-value store (official image), password-protected, AOF persistence',
  image: 'redis',
  defaultVersion: '7.4.2',
  port: PORT,
  // sentinels/master are set only when Sentinel runs the instance (replicas: 3).
  env: { url: 'REDIS_URL', host: 'REDIS_HOST', port: 'REDIS_PORT', password: 'REDIS_PASSWORD', sentinels: 'REDIS_SENTINELS', master: 'REDIS_SENTINEL_MASTER' },
  // One server, or a primary with two replicas watched by three Sentinels (redis-sentinel.ts).
  maxReplicas: 3,
  replicaCounts: [1, 3],
  // Protocol-compatible servers and Redis Stack: analyze and import map them onto this entry.
  alsoRecognizes: /(^|\/)(redis|redis-stack-server|valkey|keydb)$/,
  options: RedisOptions,
  // With replicas the server runs from a script (redis-sentinel.ts) whose flags no check of the command line sees.
  reservedFlags: SENTINEL_RESERVED_FLAGS,
  config: (infra) => redisConfig(infra.options.config),
  checkOptions: (options) => checkRedisDirectives(options.config),
  metrics: redisMetrics,
  user: { uid: 999, gid: 999 },
  variants: [
    // Alpine already has a GID 999, so the Alpine build's redis user is 999:1000 (docker-library/redis
    // 7.4-rc/alpine/Dockerfile).
    { tag: /(^|-)alpine/, user: { uid: 999, gid: 1000 } },
  ],

  connection(infra, ctx): Connection {
    if (infra.mode === 'internal' && infra.replicas > 1) {
      // Sentinel's client protocol: host/port is a Sentinel (through the client Service), which names the
      // primary; the URL lists every Sentinel and the master name (the redis+sentinel form Sentinel-aware
      // clients such as Lettuce and redis-rs read).
      const host = serviceHost(infra, ctx);
      const sentinels = sentinelList(infra, ctx);
      return {
        host,
        port: SENTINEL_PORT,
        tls: false,
        password: passwordRef(infra),
        values: { host, port: String(SENTINEL_PORT), sentinels, master: masterName(infra) },
        url: `redis+sentinel://:{password}@${sentinels}/${masterName(infra)}/0`,
      };
    }
    const h = endpoint(infra, ctx, PORT);
    return {
      host: h.host,
      port: h.port,
      tls: h.tls,
      password: passwordRef(infra),
      values: { host: h.host, port: String(h.port) },
      url: `${h.tls ? 'rediss' : 'redis'}://:{password}@${h.host}:${h.port}/0`,
    };
  },

  internal(infra, ctx) {
    const secret = credentialsSecret(infra, ctx, ['password']);
    const { uid, gid } = runAs(redis, infra.image);
    const password = { name: 'REDIS_PASSWORD', secret: { name: secret.name, key: 'password' } };
    // redis-cli reads the password from REDISCLI_AUTH, which keeps it off the probe's command line.
    const cliAuth = { name: 'REDISCLI_AUTH', secret: { name: secret.name, key: 'password' } };
    const tuning = [
      ...(infra.options.maxmemory ? ['--maxmemory', infra.options.maxmemory] : []),
      ...(infra.options.maxmemoryPolicy ? ['--maxmemory-policy', infra.options.maxmemoryPolicy] : []),
    ];
    if (infra.replicas > 1) {
      return {
        secrets: [secret],
        objects: serverObjects(infra, ctx, {
          uid,
          gid,
          ports: [
            { name: 'redis', port: PORT },
            { name: 'sentinel', port: SENTINEL_PORT, sidecar: true },
          ],
          replicas: infra.replicas,
          // All pods start together: each asks the Sentinels (none yet on a fresh set) and pod 0 becomes primary.
          statefulSet: { podManagementPolicy: 'Parallel' },
          metrics: redisMetrics(infra),
          dataPath: '/data',
          writable: ['/tmp', SENTINEL_DIR],
          pod: { terminationGracePeriodSeconds: 60 },
          container: {
            name: 'redis',
            image: infra.image,
            // The word after the script is $0, so the container's args arrive as "$@" (redisScript passes them on).
            command: ['sh', '-c', redisScript(infra, ctx, PORT, tuning), 'redis-server'],
            env: k8sEnv([password, cliAuth]),
            livenessProbe: portProbe('redis', undefined, { initialDelay: 10, failureThreshold: 6 }),
            readinessProbe: execProbe(READY, { period: 5 }),
          },
          sidecars: [
            {
              name: 'sentinel',
              image: infra.image,
              command: ['sh', '-c', sentinelScript(infra, ctx, PORT, SENTINEL_DIR)],
              env: k8sEnv([password, cliAuth]),
              ports: [{ containerPort: SENTINEL_PORT, name: 'sentinel', protocol: 'TCP' }],
              livenessProbe: portProbe('sentinel', undefined, { initialDelay: 10, failureThreshold: 6 }),
              // Ready once this Sentinel monitors a primary it can reach (it answers with the primary's address).
              readinessProbe: execProbe(['sh', '-c', `redis-cli -p ${SENTINEL_PORT} --raw sentinel get-master-addr-by-name ${masterName(infra)} | grep -q .`], { period: 5 }),
              resources: SENTINEL_RESOURCES,
              volumeMounts: [{ name: volumeNameForPath(SENTINEL_DIR), mountPath: SENTINEL_DIR }],
            },
          ],
        }),
      };
    }
    return {
      secrets: [secret],
      objects: serverObjects(infra, ctx, {
        uid,
        gid,
        ports: [{ name: 'redis', port: PORT }],
        dataPath: '/data',
        writable: ['/tmp'],
        metrics: redisMetrics(infra),
        // Redis saves an RDB snapshot on SIGTERM; a large dataset needs more than the default 30 s to finish it.
        pod: { terminationGracePeriodSeconds: 60 },
        container: {
          name: 'redis',
          image: infra.image,
          args: ['redis-server', '--requirepass', '$(REDIS_PASSWORD)', '--appendonly', 'yes', '--dir', '/data', ...tuning],
          env: k8sEnv([password, cliAuth]),
          // Liveness is a TCP connect: it stays permissive while Redis loads its AOF (LOADING) and never depends on auth.
          livenessProbe: portProbe('redis', undefined, { initialDelay: 10, failureThreshold: 6 }),
          // redis-cli exits 0 on an error reply, so `ping` alone passes while the AOF loads (LOADING) and on a wrong
          // password (NOAUTH/WRONGPASS): only a PONG means the server answers this client's commands.
          readinessProbe: execProbe(READY, { period: 5 }),
        },
      }),
    };
  },

  wait(infra, conn) {
    if (conn.values['master']) {
      return waitContainer({
        target: infra.name,
        image: redis.clientImage(infra),
        check: sentinelCheck(conn.host, conn.values['master']),
        env: conn.password ? [{ name: 'REDISCLI_AUTH', secret: conn.password }] : [],
      });
    }
    return waitContainer({
      target: infra.name,
      image: redis.clientImage(infra),
      // The image purges ca-certificates after its build (docker-library/redis 7.4-rc/debian/Dockerfile), and
      // redis-cli verifies the server certificate by default, so --tls alone can never connect. --insecure keeps
      // encryption without verification: the trust level of PGSSLMODE=require and MySQL's --ssl-mode=REQUIRED.
      check: `redis-cli -h ${conn.host} -p ${conn.port}${conn.tls ? ' --tls --insecure' : ''} ping | grep -q PONG`,
      env: conn.password ? [{ name: 'REDISCLI_AUTH', secret: conn.password }] : [],
    });
  },
});
