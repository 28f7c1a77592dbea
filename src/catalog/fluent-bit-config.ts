/**
 * The configuration slipway writes for the fluent-bit log agent, in Fluent Bit's YAML format (sections service and
 * pipeline with inputs/filters/outputs as lists; docs.fluentbit.io/manual/5.0/administration/configuring-fluent-bit/
 * yaml/pipeline-section). YAML rather than the classic .conf: it is the format the project documents first since
 * 3.x, it nests (a label list stays one value), and slipway's own tests parse it back with the same YAML library.
 *
 * One tail input reads only the app namespace's container logs, the kubernetes filter adds pod metadata (asking the
 * API server, never the kubelet: Use_Kubelet needs hostNetwork), and one output per destination: Loki with a few
 * low-cardinality labels, and/or a Kafka topic (seed 002 ships Fluent Bit → Kafka → ClickHouse).
 */
import { NAME_LABEL } from '../k8s/object.js';
import type { Connection } from '../model/resolved.js';

export const HTTP_PORT = 2020;
/** Registered only when health_check is on (fluent-bit src/http_server/api/v1/register.c). */
export const HEALTH_PATH = '/api/v1/health';
/** Where the pod mounts the node's directory for the tail offsets and the filesystem buffer. */
export const STATE_DIR = '/fluent-bit/state';
/**
 * /var/log/containers/<pod>_<namespace>_<container>-<id>.log are symlinks into /var/log/pods/<namespace>_<pod>_<uid>/
 * (kubelet), so both directories are mounted; the pattern's namespace field keeps the agent to the app's pods.
 */
export const CONTAINER_LOGS = '/var/log/containers';
export const POD_LOGS = '/var/log/pods';
const TAG_PREFIX = 'kube.var.log.containers.';

export interface LogOutputs {
  /** The stack's Loki as its users reach it (observability.logs.loki), internal or external. */
  loki?: Connection;
  /** A Kafka topic, with the brokers of the kafka entry (options.kafka). */
  kafka?: { connection: Connection; topic: string };
}

/** The files the tail input reads: every container of the app namespace, and nothing else on the node. */
export function tailPath(appNamespace: string): string {
  return `${CONTAINER_LOGS}/*_${appNamespace}_*.log`;
}

/** Loki stream labels: few and bounded (namespace, component, pod, container); everything else stays in the line. */
export const LOKI_LABELS = [
  "namespace=$kubernetes['namespace_name']",
  `component=$kubernetes['labels']['${NAME_LABEL}']`,
  "pod=$kubernetes['pod_name']",
  "container=$kubernetes['container_name']",
].join(', ');

function lokiOutput(loki: Connection): Record<string, unknown> {
  return {
    name: 'loki',
    match: 'kube.*',
    host: loki.host,
    port: loki.port,
    ...(loki.tls ? { tls: 'on', 'tls.verify': 'on' } : {}),
    labels: LOKI_LABELS,
    // The labels' values are not repeated in every line.
    remove_keys: 'kubernetes',
    line_format: 'json',
    retry_limit: 'no_limits',
  };
}

/** The env var the container carries the broker list in: visible on the pod (analyze reads it), expanded by Fluent Bit. */
export const BROKERS_ENV = 'KAFKA_BROKERS';

/** The Kafka output's broker list. */
export function kafkaBrokers(kafka: NonNullable<LogOutputs['kafka']>): string {
  return kafka.connection.values['brokers'] || `${kafka.connection.host}:${kafka.connection.port}`;
}

function kafkaOutput(kafka: NonNullable<LogOutputs['kafka']>): Record<string, unknown> {
  return {
    name: 'kafka',
    match: 'kube.*',
    // Fluent Bit expands ${VAR} in any configuration value from the environment.
    brokers: `\${${BROKERS_ENV}}`,
    topics: kafka.topic,
    format: 'json',
    // librdkafka settings pass through with the rdkafka. prefix (plugins/out_kafka).
    ...(kafka.connection.tls ? { 'rdkafka.security.protocol': 'ssl' } : {}),
    retry_limit: 'no_limits',
  };
}

/** The whole configuration as a value (the YAML file is its stringification). */
export function fluentBitConfig(appNamespace: string, outputs: LogOutputs): Record<string, unknown> {
  return {
    service: {
      flush: 1,
      log_level: 'info',
      http_server: 'on',
      http_listen: '0.0.0.0',
      http_port: HTTP_PORT,
      health_check: 'on',
      // Unhealthy after 5 output errors or 5 failed retries within a minute (the documented defaults, written out).
      hc_errors_count: 5,
      hc_retry_failure_count: 5,
      hc_period: 60,
      // Chunks wait on the node's disk while an output is down, and survive a restart of the agent.
      'storage.path': `${STATE_DIR}/buffer`,
      'storage.sync': 'normal',
      'storage.backlog.mem_limit': '16M',
    },
    pipeline: {
      inputs: [
        {
          name: 'tail',
          tag: 'kube.*',
          path: tailPath(appNamespace),
          // containerd/CRI-O write the CRI format, Docker its JSON lines; both multiline parsers are built in.
          'multiline.parser': 'cri, docker',
          db: `${STATE_DIR}/tail.db`,
          'db.locking': 'true',
          'storage.type': 'filesystem',
          mem_buf_limit: '16MB',
          skip_long_lines: 'on',
          refresh_interval: 10,
        },
      ],
      filters: [
        {
          name: 'kubernetes',
          match: 'kube.*',
          kube_tag_prefix: TAG_PREFIX,
          // Pod metadata from the API server (a Role on pods of the app namespace); the kubelet's endpoint would
          // need hostNetwork, and namespace metadata a ClusterRole.
          use_kubelet: 'off',
          labels: 'on',
          annotations: 'off',
          namespace_labels: 'off',
          namespace_annotations: 'off',
          merge_log: 'off',
        },
      ],
      outputs: [...(outputs.loki ? [lokiOutput(outputs.loki)] : []), ...(outputs.kafka ? [kafkaOutput(outputs.kafka)] : [])],
    },
  };
}
