/**
 * Apache Kafka from the official image (https://hub.docker.com/r/apache/kafka, apache/kafka docker/jvm/Dockerfile,
 * docker/resources/common-scripts/{run,configure,configureDefaults}, docker/jvm/launch), in KRaft combined mode:
 * every pod is broker and controller, no ZooKeeper. The image runs as appuser (UID/GID 1000, `USER appuser` by
 * name, so the numeric UID must be given for runAsNonRoot). Its CMD /etc/kafka/docker/run turns every KAFKA_*
 * variable into a server.properties line (KAFKA_LOG_DIRS → log.dirs), writes the result to /opt/kafka/config,
 * formats the storage with CLUSTER_ID unless already formatted, then starts the broker.
 */
import { createHash } from 'node:crypto';
import type { ResolvedInfra } from '../model/resolved.js';
import { volumeNameForPath } from '../generate/names.js';
import type { CatalogContext, CatalogEntry } from './contract.js';
import { defineCatalogEntry } from './define.js';
import { externalSchema } from './external-schema.js';
import { headlessName, infraLabels, podHost, portProbe, serverObjects, serviceHost } from './common.js';
import { tcpWait } from './wait.js';
import { runAs } from './image-user.js';
import { configMap } from '../generate/objects.js';
import { fitName } from '../generate/names.js';
import { apiVersionsCheck } from './kafka-readiness.js';
import { execProbe } from '../generate/probes.js';
import { checkKafkaOptions, kafkaConfig, KafkaOptions } from './kafka-config.js';
import { kafkaExporterObjects, kafkaMetrics } from './kafka-metrics.js';
const PORT = 9092;
const CONTROLLER_PORT = 9093;
const DATA = '/var/lib/kafka/data';
/** Written by the image's run script on every start (server.properties, log4j files); seeded from the image. */
const CONFIG = '/opt/kafka/config';
/** Where the init container sees the emptyDir that later covers CONFIG. */
const CONFIG_SEED = '/mnt/config-seed';
/**
 * The image's directory for mounted configuration: on every start its setup step copies log4j.properties from
 * here over the default one (KafkaDockerWrapper.scala prepareLog4jConfigs, called by docker/jvm/launch with
 * --mounted-configs-dir /mnt/shared/config).
 */
const MOUNTED_CONFIG = '/mnt/shared/config';

/**
 * Console-only logging. The image's default log4j.properties adds six DailyRollingFileAppenders under
 * /opt/kafka/logs, rolled hourly and never deleted (controller logs go only there), which fill the scratch
 * volume until the kubelet evicts the broker. Levels follow the default file; the file-only loggers log here.
 */
const LOG4J = [
  'log4j.rootLogger=INFO, stdout',
  'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
  'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
  'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
  'log4j.logger.kafka=INFO',
  'log4j.logger.org.apache.kafka=INFO',
  'log4j.logger.kafka.request.logger=WARN',
  'log4j.logger.kafka.network.RequestChannel$=WARN',
  '',
].join('\n');

/**
 * The same for Kafka 4, which logs through log4j2 and copies a mounted log4j2.yaml instead (each version reads only
 * its own file). Its wrapper parses the file into a fixed model (core/src/main/java/kafka/docker/
 * Log4jConfiguration.java) that fails on unknown fields, so only fields of that model are used here.
 */
const LOG4J2 = [
  'Configuration:',
  '  Appenders:',
  '    Console:',
  '      name: STDOUT',
  '      PatternLayout:',
  '        pattern: "[%d] %p %m (%c)%n"',
  '  Loggers:',
  '    Root:',
  '      level: INFO',
  '      AppenderRef:',
  '        - ref: STDOUT',
  '    Logger:',
  '      - name: kafka',
  '        level: INFO',
  '      - name: org.apache.kafka',
  '        level: INFO',
  '      - name: kafka.request.logger',
  '        level: WARN',
  '      - name: kafka.network.RequestChannel$',
  '        level: WARN',
  '',
].join('\n');

export function kafkaLogConfigName(infra: ResolvedInfra): string {
  return fitName([infra.name, 'log4j']);
}

/**
 * KRaft cluster id: 16 bytes as unpadded base64url (22 characters), derived from stack, environment and name so
 * every render gives the same id (a different id makes the format step refuse existing data). Like Kafka's own
 * random ids it never starts with '-', which command-line parsers would read as an option.
 */
export function kafkaClusterId(ctx: CatalogContext, infra: ResolvedInfra): string {
  for (let n = 0; ; n++) {
    const seed = `slipway/kafka/${ctx.stack}/${ctx.environment}/${infra.name}${n ? `/${n}` : ''}`;
    const id = createHash('sha256').update(seed).digest().subarray(0, 16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function brokers(infra: ResolvedInfra, ctx: CatalogContext): string[] {
  if (infra.mode === 'internal') return Array.from({ length: infra.replicas }, (_, i) => `${podHost(infra, ctx, i)}:${PORT}`);
  const ext = infra.external;
  if (ext?.brokers?.length) return [...ext.brokers];
  return ext?.host ? [`${ext.host}:${ext.port ?? PORT}`] : [];
}

/** host:port → [host, port]; a bare host gets the default port. */
function splitHostPort(hostPort: string): [string, number] {
  const m = /^(.*):(\d+)$/.exec(hostPort);
  return m ? [m[1] ?? hostPort, Number(m[2])] : [hostPort, PORT];
}

export const kafka: CatalogEntry = defineCatalogEntry({
  type: 'kafka',
  description: 'Apache Kafka event streaming (official image), KRaft combined broker+controller, no ZooKeeper',
  image: 'apache/kafka',
  defaultVersion: '3.9.2',
  port: PORT,
  env: { brokers: 'KAFKA_BROKERS', host: 'KAFKA_HOST', port: 'KAFKA_PORT' },
  // Confluent's and Redpanda's builds speak the Kafka protocol: analyze and import map them onto this entry.
  alsoRecognizes: /(^|\/)(kafka|cp-kafka|cp-server|redpanda)$/,
  // No SASL in v1: the PLAINTEXT listener is reachable inside the cluster only.
  needsPassword: false,
  maxReplicas: 5,
  // A KRaft quorum of n voters survives (n-1)/2 failures: an even count adds a voter without adding tolerance.
  replicaCounts: [1, 3, 5],
  // Controller quorum and min.insync.replicas=2: a drain taking two brokers at once stops writes with acks=all.
  quorum: true,
  productionReplicas: 3,
  user: { uid: 1000, gid: 1000 },
  externalHostFields: ['host', 'brokers'],
  external: externalSchema({ brokers: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 }, description: 'host:port of the brokers to bootstrap from (or external.host and port)' } }),
  options: KafkaOptions,
  config: (infra) => kafkaConfig(infra.options),
  checkOptions: checkKafkaOptions,
  // The start command is `sh -c '…; exec /etc/kafka/docker/run'`, and the run script takes no arguments.
  argsRefused: 'the image configures the broker from KAFKA_* env only; set broker properties with options.serverProperties',

  connection(infra, ctx) {
    const list = brokers(infra, ctx);
    // Internal: bootstrap through the client Service (only Ready brokers); external: external.host or the first broker.
    const [host, port] =
      infra.mode === 'internal' ? [serviceHost(infra, ctx), PORT] : infra.external?.host ? [infra.external.host, infra.external.port ?? PORT] : splitHostPort(list[0] ?? '');
    const tls = infra.mode === 'external' && (infra.external?.tls ?? false);
    return { host, port, tls, values: { brokers: list.join(','), host, port: String(port) } };
  },

  metrics: (infra, ctx) => kafkaMetrics(infra, ctx, PORT),

  internal(infra, ctx) {
    const replicas = infra.replicas;
    const dns = `${headlessName(infra)}.${ctx.namespace}.svc`;
    // Node ids are the pod ordinals, so voter i is pod i; the static voter set is fixed by the replica count
    // (changing replicas of an existing cluster changes the quorum and needs a migration, not just a re-apply).
    const voters = Array.from({ length: replicas }, (_, i) => `${i}@${podHost(infra, ctx, i)}:${CONTROLLER_PORT}`).join(',');
    const configVolume = volumeNameForPath(CONFIG);
    const { uid, gid } = runAs(kafka, infra.image);
    const logConfig = configMap({ name: kafkaLogConfigName(infra), namespace: ctx.namespace, labels: infraLabels(infra, ctx) }, { 'log4j.properties': LOG4J, 'log4j2.yaml': LOG4J2 });
    return {
      secrets: [],
      objects: [
        logConfig,
        ...serverObjects(infra, ctx, {
          uid,
          gid,
          replicas,
          ports: [
            { name: 'broker', port: PORT },
            { name: 'controller', port: CONTROLLER_PORT, peerOnly: true },
          ],
          dataPath: DATA,
          // configure checks that /opt/kafka/config is writable and the launch step writes server.properties and the
          // log4j files there; kafka-run-class.sh mkdir -p's /opt/kafka/logs (nothing is written there now that logs
          // and the GC log go to the console); the JVM uses /tmp.
          // /etc/kafka/docker holds the defaults the run script copies from, so it stays the image's read-only copy.
          writable: [CONFIG, '/opt/kafka/logs', '/tmp'],
          extra: {
            volumes: [{ name: 'log-config', configMap: { name: logConfig.metadata.name } }],
            mounts: [{ name: 'log-config', mountPath: MOUNTED_CONFIG, readOnly: true }],
          },
          // /opt/kafka/config also holds files shipped with Kafka (client/connect properties, kraft samples); the emptyDir
          // that makes it writable would hide them, so an init container copies the image's directory into it first.
          initContainers: [
            {
              name: 'seed-config',
              image: infra.image,
              command: ['sh', '-c', `cp -R ${CONFIG}/. ${CONFIG_SEED}/`],
              volumeMounts: [{ name: configVolume, mountPath: CONFIG_SEED }],
            },
          ],
          // The quorum needs a majority of pods running; OrderedReady would start them one by one.
          statefulSet: { podManagementPolicy: 'Parallel' },
          // Controlled shutdown moves partition leadership away before the broker stops.
          pod: { terminationGracePeriodSeconds: 60 },
          container: {
            name: 'kafka',
            image: infra.image,
            // node.id from the pod ordinal (kafka-2 → 2), then the image's own CMD.
            command: ['sh', '-c', 'export KAFKA_NODE_ID="${HOSTNAME##*-}"; exec /etc/kafka/docker/run'],
            env: [
              // Declared before KAFKA_ADVERTISED_LISTENERS, which uses it through $(POD_NAME).
              { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
              { name: 'CLUSTER_ID', value: kafkaClusterId(ctx, infra) },
              { name: 'KAFKA_PROCESS_ROLES', value: 'broker,controller' },
              { name: 'KAFKA_CONTROLLER_QUORUM_VOTERS', value: voters },
              { name: 'KAFKA_LISTENERS', value: `PLAINTEXT://:${PORT},CONTROLLER://:${CONTROLLER_PORT}` },
              // Clients reach each broker under its stable pod DNS name behind the headless Service.
              { name: 'KAFKA_ADVERTISED_LISTENERS', value: `PLAINTEXT://$(POD_NAME).${dns}:${PORT}` },
              { name: 'KAFKA_CONTROLLER_LISTENER_NAMES', value: 'CONTROLLER' },
              { name: 'KAFKA_LISTENER_SECURITY_PROTOCOL_MAP', value: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT' },
              { name: 'KAFKA_INTER_BROKER_LISTENER_NAME', value: 'PLAINTEXT' },
              // A subdirectory: the volume root may hold lost+found, which Kafka would take for a bad log directory.
              { name: 'KAFKA_LOG_DIRS', value: `${DATA}/kraft-logs` },
              { name: 'KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR', value: String(Math.min(3, replicas)) },
              { name: 'KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR', value: String(Math.min(3, replicas)) },
              { name: 'KAFKA_TRANSACTION_STATE_LOG_MIN_ISR', value: String(Math.min(2, replicas)) },
              { name: 'KAFKA_DEFAULT_REPLICATION_FACTOR', value: String(Math.min(3, replicas)) },
              { name: 'KAFKA_MIN_INSYNC_REPLICAS', value: String(Math.min(2, replicas)) },
              // kafka-server-start.sh defaults to a fixed 1 GiB heap; size it from the container's memory limit instead.
              // (The image's wrapper leaves this variable out of server.properties: ExcludeServerPropsEnv.)
              { name: 'KAFKA_HEAP_OPTS', value: '-XX:MaxRAMPercentage=50.0 -XX:InitialRAMPercentage=50.0' },
              // A non-empty value replaces the -loggc default of ten 100 MiB GC log files under /opt/kafka/logs
              // (bin/kafka-run-class.sh); also excluded from server.properties.
              { name: 'KAFKA_GC_LOG_OPTS', value: '-Xlog:gc:stdout' },
            ],
            // Startup: the broker port is bound (the process is up; a quorum that is still forming must not restart it).
            startupProbe: portProbe('broker', undefined, { period: 5, failureThreshold: 60 }),
            // Ready once the broker answers a request (kafka-readiness.ts), not when it merely accepts connections:
            // a rolling update then waits for each broker to rejoin. A raw ApiVersions exchange rather than
            // kafka-broker-api-versions.sh, which starts a JVM inside the broker's memory limit on every probe.
            readinessProbe: execProbe(['bash', '-c', apiVersionsCheck(PORT)], { period: 10, timeout: 5 }),
            // Liveness on the controller listener, which the same process binds before the broker's: the process is up.
            // Readiness asks the client-facing broker port for an answer.
            livenessProbe: portProbe('controller', undefined, { period: 20, failureThreshold: 6 }),
          },
        }),
        ...kafkaExporterObjects(infra, ctx, PORT),
      ],
    };
  },

  wait(infra, conn) {
    // The image offers only JVM tools (too heavy for an init container); a TCP check against the bootstrap host
    // is enough: internally that is the client Service, which only forwards to Ready brokers.
    return tcpWait(infra.name, conn.host, conn.port);
  },
});
