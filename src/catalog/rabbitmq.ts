/**
 * RabbitMQ from the official image (https://hub.docker.com/_/rabbitmq, docker-library/rabbitmq
 * 4.1/ubuntu/{Dockerfile,docker-entrypoint.sh,10-defaults.conf}). The image's user is rabbitmq, UID/GID 999
 * (`useradd --uid 999`); its entrypoint steps down with gosu only when started as root, so running as 999 directly
 * is supported. HOME is the data directory /var/lib/rabbitmq (the image's VOLUME): the node's database and the
 * Erlang cookie live there. The base image enables rabbitmq_prometheus; the `-management` variant only enables the
 * management plugin on top (4.1/ubuntu/management/Dockerfile), which this entry does itself through
 * enabled_plugins, so both tags run the same way. RABBITMQ_DEFAULT_USER/PASS are read by the server itself (the
 * image docs: "now available in RabbitMQ directly"), not by the entrypoint.
 *
 * Replicas 3 form one cluster through classic peer discovery with the pods' stable DNS names; queues declared
 * without a type become quorum queues (Raft-replicated to every node), so losing one node loses no message.
 */
import type { ResolvedInfra } from '../model/resolved.js';
import { execProbe } from '../generate/probes.js';
import { configMap } from '../generate/objects.js';
import { fitName } from '../generate/names.js';
import { k8sEnv } from '../generate/pod/env.js';
import type { CatalogContext, CatalogEntry } from './contract.js';
import { defineCatalogEntry } from './define.js';
import { credentialsSecret, endpoint, headlessName, infraLabels, portProbe, serverObjects } from './common.js';
import { builtinEndpoint } from './metrics-endpoint.js';
import { userConnection } from './user-connection.js';
import { BUSYBOX_IMAGE, tcpWait, waitContainer } from './wait.js';
import { runAs } from './image-user.js';

const PORT = 5672;
const TLS_PORT = 5671;
const MANAGEMENT_PORT = 15672;
const DATA = '/var/lib/rabbitmq';
const CONFIG = '/etc/rabbitmq';

/** Ready: the node runs and every listener (AMQP, management, Prometheus) accepts connections (rabbitmq.com/docs/monitoring#health-checks, stage 3). */
export const READY = ['rabbitmq-diagnostics', '-q', 'check_port_connectivity'];
/** Started: the rabbit application runs on the node (stage 2); a clustered node waits for its peers before that. */
export const STARTED = ['rabbitmq-diagnostics', '-q', 'check_running'];

/** The pod's own node name: the long DNS name behind the headless Service, stable across restarts and known to its peers. */
function nodeName(infra: ResolvedInfra, ctx: CatalogContext, pod: string): string {
  return `rabbit@${pod}.${headlessName(infra)}.${ctx.namespace}.svc`;
}

export function rabbitmqConfigName(infra: ResolvedInfra): string {
  return fitName([infra.name, 'config']);
}

/** rabbitmq.conf (sysctl format): replaces the image's conf.d files, whose settings it repeats where they matter. */
export function rabbitmqConf(infra: ResolvedInfra, ctx: CatalogContext): string {
  const lines = [
    // The image's 10-defaults.conf: logs to the console only (log.file is on by default and would write under /var/log).
    'log.console = true',
    'log.file = false',
    `listeners.tcp.default = ${PORT}`,
    `management.tcp.port = ${MANAGEMENT_PORT}`,
  ];
  if (infra.replicas > 1) {
    const nodes = Array.from({ length: infra.replicas }, (_, i) => `cluster_formation.classic_config.nodes.${i + 1} = ${nodeName(infra, ctx, `${infra.name}-${i}`)}`);
    lines.push(
      'cluster_formation.peer_discovery_backend = classic_config',
      ...nodes,
      // Durable queues declared without x-queue-type are quorum queues (rabbit.schema default_queue_type, 3.13+).
      'default_queue_type = quorum',
      // The minority side of a partition pauses instead of diverging (rabbitmq.com/docs/partitions).
      'cluster_partition_handling = pause_minority',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The plugins file rabbitmq-plugins would write (an Erlang term list). */
export const ENABLED_PLUGINS = '[rabbitmq_management,rabbitmq_prometheus].\n';

export const rabbitmq: CatalogEntry = defineCatalogEntry({
  type: 'rabbitmq',
  description: 'RabbitMQ message broker (official image), management API, quorum queues when clustered',
  image: 'rabbitmq',
  defaultVersion: '4.1.8',
  port: PORT,
  env: { url: 'RABBITMQ_URL', host: 'RABBITMQ_HOST', port: 'RABBITMQ_PORT', user: 'RABBITMQ_USER', password: 'RABBITMQ_PASSWORD' },
  alsoRecognizes: /(^|\/)rabbitmq$/,
  // A quorum queue of n replicas survives (n-1)/2 lost nodes: two nodes tolerate no more failures than one.
  maxReplicas: 3,
  replicaCounts: [1, 3],
  productionReplicas: 3,
  user: { uid: 999, gid: 999 },
  variants: [
    // The Alpine build's rabbitmq user is 100:101 (docker-library/rabbitmq 4.1/alpine/Dockerfile: adduser -u 100, addgroup -g 101).
    { tag: /(^|-)alpine/, user: { uid: 100, gid: 101 } },
  ],

  // The rabbitmq_prometheus plugin (enabled in ENABLED_PLUGINS) serves the node's metrics on 15692 itself.
  metrics: () => builtinEndpoint(15692),

  connection(infra, ctx) {
    const e = endpoint(infra, ctx, infra.mode === 'external' && infra.external?.tls ? TLS_PORT : PORT);
    // The default virtual host "/" is %2F in an AMQP URI (rabbitmq.com/docs/uri-spec).
    return userConnection(infra, e, (user) => `${e.tls ? 'amqps' : 'amqp'}://${user}:{password}@${e.host}:${e.port}/%2F`);
  },

  internal(infra, ctx) {
    const secret = credentialsSecret(infra, ctx, ['password', 'erlang-cookie'], undefined, { user: infra.user });
    const { uid, gid } = runAs(rabbitmq, infra.image);
    const config = configMap({ name: rabbitmqConfigName(infra), namespace: ctx.namespace, labels: infraLabels(infra, ctx) }, { 'rabbitmq.conf': rabbitmqConf(infra, ctx), enabled_plugins: ENABLED_PLUGINS });
    const nodeEnv = [
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'RABBITMQ_USE_LONGNAME', value: 'true' },
      { name: 'RABBITMQ_NODENAME', value: nodeName(infra, ctx, '$(POD_NAME)') },
    ];
    return {
      secrets: [secret],
      objects: [
        config,
        ...serverObjects(infra, ctx, {
          uid,
          gid,
          replicas: infra.replicas,
          metrics: builtinEndpoint(15692),
          ports: [
            { name: 'amqp', port: PORT },
            { name: 'management', port: MANAGEMENT_PORT },
            { name: 'prometheus', port: 15692 },
            // Erlang distribution (inter-node and CLI traffic) and its port mapper: peers only.
            { name: 'dist', port: 25672, peerOnly: true },
            { name: 'epmd', port: 4369, peerOnly: true },
          ],
          dataPath: DATA,
          writable: ['/tmp'],
          extra: {
            // The whole /etc/rabbitmq from the ConfigMap: the image's conf.d files are replaced by one file.
            volumes: [{ name: 'config', configMap: { name: config.metadata.name, items: [{ key: 'rabbitmq.conf', path: 'conf.d/10-slipway.conf' }, { key: 'enabled_plugins', path: 'enabled_plugins' }] } }],
            mounts: [{ name: 'config', mountPath: CONFIG, readOnly: true }],
          },
          initContainers: [
            {
              // Erlang refuses a cookie file readable by anyone but its owner; a Secret volume under fsGroup is group
              // readable, so the cookie is written into HOME (the data volume) with mode 0600 instead.
              name: 'erlang-cookie',
              image: infra.image,
              command: ['sh', '-c', `umask 077; rm -f ${DATA}/.erlang.cookie; printf '%s' "$RABBITMQ_ERLANG_COOKIE" > ${DATA}/.erlang.cookie`],
              env: k8sEnv([{ name: 'RABBITMQ_ERLANG_COOKIE', secret: { name: secret.name, key: 'erlang-cookie' } }]),
              volumeMounts: [{ name: 'data', mountPath: DATA }],
            },
          ],
          // Peers must be up together to form the cluster (the RabbitMQ cluster operator starts them in parallel too).
          statefulSet: { podManagementPolicy: 'Parallel' },
          // A node hands its quorum queue leaderships over and syncs to disk on SIGTERM.
          pod: { terminationGracePeriodSeconds: 120 },
          container: {
            name: 'rabbitmq',
            image: infra.image,
            env: [
              ...nodeEnv,
              ...k8sEnv([
                { name: 'RABBITMQ_DEFAULT_USER', value: infra.user },
                { name: 'RABBITMQ_DEFAULT_PASS', secret: { name: secret.name, key: 'password' } },
              ]),
            ],
            // Each probe starts a CLI Erlang VM, hence the long timeouts; a clustered node's first boot waits for peers.
            startupProbe: execProbe(STARTED, { period: 10, timeout: 20, failureThreshold: 60 }),
            readinessProbe: execProbe(READY, { period: 15, timeout: 20 }),
            // The distribution port is bound while the node runs at all: busy or recovering nodes are not restarted.
            livenessProbe: portProbe('dist', undefined, { period: 20, failureThreshold: 6 }),
          },
        }),
      ],
    };
  },

  wait(infra, conn) {
    // An external broker may run without the management plugin: the AMQP port is all that is known.
    if (infra.mode === 'external') return tcpWait(infra.name, conn.host, conn.port);
    // The management API answers /api/whoami only for a valid user: this proves the password, not only the port.
    // `timeout` rather than wget's -T, which some BusyBox builds leave out.
    return waitContainer({
      target: infra.name,
      image: BUSYBOX_IMAGE,
      check: `timeout 10 wget -q -O /dev/null --header "Authorization: Basic $(printf '%s:%s' "$RABBITMQ_USER" "$RABBITMQ_PASSWORD" | base64 | tr -d '\\n')" http://${conn.host}:${MANAGEMENT_PORT}/api/whoami`,
      env: [{ name: 'RABBITMQ_USER', value: conn.user ?? infra.user }, ...(conn.password ? [{ name: 'RABBITMQ_PASSWORD', secret: conn.password }] : [])],
    });
  },
});
