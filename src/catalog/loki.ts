/**
 * Grafana Loki as one single-binary instance (grafana/loki cmd/loki/Dockerfile: distroless, USER 10001,
 * ENTRYPOINT /usr/bin/loki, CMD -config.file=/etc/loki/local-config.yaml, EXPOSE 3100). The image's bundled config
 * still uses boltdb-shipper/v11, so slipway writes its own: TSDB index and chunks on the data volume (schema v13,
 * which structured metadata and native OTLP ingestion need), no authentication (one tenant), no usage reporting.
 * `files: {local-config.yaml: …}` replaces it. Filesystem storage keeps it to one replica; more needs object storage.
 */
import { Type } from '@sinclair/typebox';
import { stringify } from 'yaml';
import type { Connection } from '../model/resolved.js';
import type { CatalogEntry } from './contract.js';
import { defineCatalogEntry, type InfraOf } from './define.js';
import { endpoint, generatedConfig, portProbe, serverObjects } from './common.js';
import { filePath } from './infra-config.js';
import { BUSYBOX_IMAGE, tcpWait, waitContainer } from './wait.js';

export const LOKI_PORT = 3100;
const GRPC_PORT = 9095;
const DATA = '/loki';
const CONFIG_DIR = '/etc/loki';
const CONFIG_PATH = `${CONFIG_DIR}/local-config.yaml`;
const GENERATED_DIR = `${CONFIG_DIR}/slipway`;
/** 503 until the ingester has joined its ring, about 15 s after start. */
export const READY_PATH = '/ready';
/** The day the schema starts; any date before the first write works, and it must never change afterwards. */
const SCHEMA_FROM = '2024-01-01';

const Options = Type.Object(
  {
    retention: Type.Optional(
      Type.String({ pattern: '^[0-9]+(h|d|w|y)$', description: 'Delete logs older than this (limits_config.retention_period, by the compactor), e.g. 30d. @default keep everything' }),
    ),
  },
  { additionalProperties: false },
);

type Loki = InfraOf<typeof Options>;

export function lokiConfig(infra: Loki): Record<string, unknown> {
  const retention = infra.options.retention;
  return {
    auth_enabled: false,
    server: { http_listen_port: LOKI_PORT, grpc_listen_port: GRPC_PORT },
    common: {
      // The single binary's components reach each other over gRPC at the ring address: loopback keeps that traffic
      // inside the pod, out of the NetworkPolicies' way.
      instance_addr: '127.0.0.1',
      path_prefix: DATA,
      storage: { filesystem: { chunks_directory: `${DATA}/chunks`, rules_directory: `${DATA}/rules` } },
      replication_factor: 1,
      ring: { kvstore: { store: 'inmemory' } },
    },
    schema_config: { configs: [{ from: SCHEMA_FROM, store: 'tsdb', object_store: 'filesystem', schema: 'v13', index: { prefix: 'index_', period: '24h' } }] },
    compactor: {
      working_directory: `${DATA}/compactor`,
      ...(retention ? { retention_enabled: true, delete_request_store: 'filesystem' } : {}),
    },
    ...(retention ? { limits_config: { retention_period: retention } } : {}),
    // Otherwise it reports usage to stats.grafana.org.
    analytics: { reporting_enabled: false },
  };
}

export const loki: CatalogEntry = defineCatalogEntry({
  type: 'loki',
  description: 'Grafana Loki log store (single binary, official image): TSDB on the data volume, push API and native OTLP on 3100',
  image: 'grafana/loki',
  defaultVersion: '3.7.8',
  port: LOKI_PORT,
  env: { url: 'LOKI_URL', host: 'LOKI_HOST', port: 'LOKI_PORT' },
  needsPassword: false,
  replicasHint: 'filesystem storage serves one replica; a replicated Loki needs object storage: use an external (managed) Loki',
  user: { uid: 10001, gid: 10001 },
  options: Options,
  configDir: CONFIG_DIR,

  connection(infra, ctx): Connection {
    const e = endpoint(infra, ctx, LOKI_PORT);
    return { host: e.host, port: e.port, tls: e.tls, values: { host: e.host, port: String(e.port) }, url: `${e.tls ? 'https' : 'http'}://${e.host}:${e.port}` };
  },

  internal(infra, ctx) {
    // As for the collector: a user's file goes where the image looks, the generated one beside it.
    const user = Object.keys(infra.files ?? {}).some((k) => filePath(k, CONFIG_DIR) === CONFIG_PATH);
    const own = user ? undefined : stringify(lokiConfig(infra));
    const config = generatedConfig(infra, ctx, GENERATED_DIR, 'loki.yaml', own);
    return {
      secrets: [],
      objects: [
        ...config.objects,
        ...serverObjects(infra, ctx, {
          uid: 10001,
          ports: [{ name: 'http', port: LOKI_PORT }],
          dataPath: DATA,
          writable: ['/tmp'],
          ...(config.extra ? { extra: config.extra } : {}),
          container: {
            name: 'loki',
            image: infra.image,
            args: [`-config.file=${config.extra ? `${GENERATED_DIR}/loki.yaml` : CONFIG_PATH}`],
            startupProbe: portProbe('http', READY_PATH, { period: 5, failureThreshold: 60 }),
            readinessProbe: portProbe('http', READY_PATH, { period: 10 }),
            livenessProbe: portProbe('http', undefined, { period: 20, failureThreshold: 6 }),
          },
        }),
      ],
    };
  },

  wait(infra, conn) {
    if (conn.tls) return tcpWait(infra.name, conn.host, conn.port);
    return waitContainer({ target: infra.name, image: BUSYBOX_IMAGE, check: `timeout 10 wget -q -O /dev/null http://${conn.host}:${conn.port}${READY_PATH}` });
  },
});
