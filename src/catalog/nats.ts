/**
 * NATS with JetStream from the official image (https://hub.docker.com/_/nats, nats-io/nats-docker
 * 2.12.x/{scratch,alpine3.22}/{Dockerfile,nats-server.conf,docker-entrypoint.sh}). The default tag is a scratch
 * image: ENTRYPOINT /nats-server, CMD `--config nats-server.conf`, no shell, no user (it would run as root), so the
 * pods run as an unprivileged UID the server needs nothing from: it writes only the JetStream store. The Alpine
 * build's entrypoint prepends nats-server when the first argument is a flag, so the same args work for both.
 *
 * Replicas 3 or 5 form one cluster over routes (port 6222) between the pods' stable DNS names; JetStream then
 * replicates streams with R3 across them (a JetStream cluster needs at least 3 servers for its meta quorum).
 */
import type { ResolvedInfra } from '../model/resolved.js';
import { configMap } from '../generate/objects.js';
import { fitName } from '../generate/names.js';
import { k8sEnv } from '../generate/pod/env.js';
import type { CatalogContext, CatalogEntry } from './contract.js';
import { defineCatalogEntry } from './define.js';
import { credentialsSecret, endpoint, infraLabels, podHost, portProbe, serverObjects } from './common.js';
import { userConnection } from './user-connection.js';
import { exporterEndpoint } from './metrics-endpoint.js';
import { BUSYBOX_IMAGE, tcpWait, waitContainer } from './wait.js';

const PORT = 4222;
const ROUTE_PORT = 6222;
const MONITOR_PORT = 8222;
const DATA = '/data';
const CONFIG = '/etc/nats';

/** Readiness: /healthz answers 200 only once the server (and JetStream, when enabled) is current (docs.nats.io "Monitoring", /healthz). */
export const HEALTHZ = '/healthz';

/**
 * The monitoring port serves JSON, not Prometheus' format: natsio/prometheus-nats-exporter beside each server
 * reads it over loopback (no auth on the monitoring port). Its image sets no USER, so it runs as nobody here.
 */
function natsMetrics() {
  return exporterEndpoint({
    name: 'nats-exporter',
    image: 'natsio/prometheus-nats-exporter:0.20.1',
    uid: 65534,
    port: 7777,
    args: ['-port', '7777', '-varz', '-connz', '-routez', '-healthz', '-jsz=all', `http://127.0.0.1:${MONITOR_PORT}`],
  });
}

export function natsConfigName(infra: ResolvedInfra): string {
  return fitName([infra.name, 'config']);
}

/** A JSON string: NATS config accepts JSON-style quoted strings. */
const q = (s: string) => JSON.stringify(s);

/**
 * nats.conf. `$NAME` is a variable the server resolves from its environment (docs.nats.io "Configuration",
 * Variables), so the password comes from the Secret through env and is never in the ConfigMap.
 */
export function natsConf(infra: ResolvedInfra, ctx: CatalogContext): string {
  const lines = [
    'server_name: $POD_NAME',
    `port: ${PORT}`,
    `http_port: ${MONITOR_PORT}`,
    `authorization { user: ${q(infra.user)}, password: $NATS_PASSWORD }`,
    // A subdirectory of the volume, whose root may hold lost+found.
    `jetstream { store_dir: ${q(`${DATA}/jetstream`)} }`,
    // Drain clients over 30 s on shutdown rather than dropping them.
    'lame_duck_duration: "30s"',
    'lame_duck_grace_period: "10s"',
  ];
  if (infra.replicas > 1) {
    const routes = Array.from({ length: infra.replicas }, (_, i) => q(`nats://${podHost(infra, ctx, i)}:${ROUTE_PORT}`));
    // A server skips the route to itself; every server lists the same set.
    lines.push(`cluster { name: ${q(infra.name)}, port: ${ROUTE_PORT}, routes: [${routes.join(', ')}] }`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The wait: the NATS protocol over nc. CONNECT with the user's credentials, then PING; the server answers PONG only
 * for an authenticated client (otherwise -ERR 'Authorization Violation' and it closes the connection).
 * The password goes into a JSON string, so it must not contain `"` or `\` (generated ones are alphanumeric).
 */
export function natsCheck(host: string, port: number): string {
  return `printf 'CONNECT {"user":"%s","pass":"%s","verbose":false,"pedantic":false}\\r\\nPING\\r\\n' "$NATS_USER" "$NATS_PASSWORD" | nc -w 3 ${host} ${port} | grep -q PONG`;
}

export const nats: CatalogEntry = defineCatalogEntry({
  type: 'nats',
  description: 'NATS messaging with JetStream persistence (official image), user/password auth, clustered over routes',
  image: 'nats',
  defaultVersion: '2.12.15',
  port: PORT,
  env: { url: 'NATS_URL', host: 'NATS_HOST', port: 'NATS_PORT', user: 'NATS_USER', password: 'NATS_PASSWORD' },
  maxReplicas: 5,
  // JetStream's meta group is a Raft quorum: 1 (no HA), 3 or 5.
  replicaCounts: [1, 3, 5],
  productionReplicas: 3,
  // The image declares no user; a high UID keeps clear of host users (kube-score's user-group-id check).
  user: { uid: 10001, gid: 10001 },

  metrics: natsMetrics,

  connection(infra, ctx) {
    const e = endpoint(infra, ctx, PORT);
    return userConnection(infra, e, (user) => `${e.tls ? 'tls' : 'nats'}://${user}:{password}@${e.host}:${e.port}`);
  },

  internal(infra, ctx) {
    const secret = credentialsSecret(infra, ctx, ['password'], undefined, { user: infra.user });
    const config = configMap({ name: natsConfigName(infra), namespace: ctx.namespace, labels: infraLabels(infra, ctx) }, { 'nats.conf': natsConf(infra, ctx) });
    return {
      secrets: [secret],
      objects: [
        config,
        ...serverObjects(infra, ctx, {
          uid: 10001,
          replicas: infra.replicas,
          ports: [
            { name: 'client', port: PORT },
            { name: 'monitor', port: MONITOR_PORT },
            { name: 'route', port: ROUTE_PORT, peerOnly: true },
          ],
          dataPath: DATA,
          writable: ['/tmp'],
          extra: {
            volumes: [{ name: 'config', configMap: { name: config.metadata.name } }],
            mounts: [{ name: 'config', mountPath: CONFIG, readOnly: true }],
          },
          statefulSet: { podManagementPolicy: 'Parallel' },
          metrics: natsMetrics(),
          // lame_duck_duration (30 s) plus the grace period before it.
          pod: { terminationGracePeriodSeconds: 60 },
          container: {
            name: 'nats',
            image: infra.image,
            args: ['--config', `${CONFIG}/nats.conf`],
            env: [
              { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
              ...k8sEnv([{ name: 'NATS_PASSWORD', secret: { name: secret.name, key: 'password' } }]),
            ],
            // JetStream recovers its streams on start, and a clustered server waits for its meta leader.
            startupProbe: portProbe('monitor', `${HEALTHZ}?js-enabled-only=true`, { period: 5, failureThreshold: 60 }),
            readinessProbe: portProbe('monitor', HEALTHZ, { period: 10 }),
            livenessProbe: portProbe('monitor', undefined, { period: 20, failureThreshold: 6 }),
          },
        }),
      ],
    };
  },

  wait(infra, conn) {
    // nc has no TLS: a TLS endpoint gets a port check.
    if (conn.tls) return tcpWait(infra.name, conn.host, conn.port);
    return waitContainer({
      target: infra.name,
      image: BUSYBOX_IMAGE,
      check: natsCheck(conn.host, conn.port),
      env: [{ name: 'NATS_USER', value: conn.user ?? infra.user }, ...(conn.password ? [{ name: 'NATS_PASSWORD', secret: conn.password }] : [])],
    });
  },
});
