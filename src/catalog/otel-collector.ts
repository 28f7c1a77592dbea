/**
 * OpenTelemetry Collector, contrib distribution (otel/opentelemetry-collector-contrib; opentelemetry-collector-releases
 * distributions/otelcol-contrib/Dockerfile: FROM scratch, USER 10001:10001, binary /otelcol-contrib, CMD
 * `--config /etc/otelcol-contrib/config.yaml`). Stateless: OTLP in (gRPC 4317 first, so its connection URL is the
 * endpoint an SDK wants; HTTP 4318), a memory limiter, the stack's environment on every resource, batches out.
 * Logs go to the stack's Loki (options.loki) over Loki's native OTLP endpoint, everything else to the debug
 * exporter; `files: {config.yaml: …}` replaces the generated configuration entirely.
 */
import { Type } from '@sinclair/typebox';
import { parse, stringify } from 'yaml';
import { parseQuantity } from '../k8s/quantity.js';
import type { Connection, ResolvedInfra } from '../model/resolved.js';
import { filePath } from './infra-config.js';
import type { CatalogContext, CatalogEntry } from './contract.js';
import { defineCatalogEntry, type InfraOf } from './define.js';
import { endpoint, generatedConfig, portProbe, serverObjects, type ServerPort } from './common.js';
import { tcpWait } from './wait.js';

export const OTLP_GRPC_PORT = 4317;
export const OTLP_HTTP_PORT = 4318;
const HEALTH_PORT = 13133;
/** The collector's own telemetry (service.telemetry.metrics), Prometheus format. */
const TELEMETRY_PORT = 8888;
/** The prometheus exporter: OTLP metrics of the apps, re-served for scraping (options.prometheus). */
const PROMETHEUS_EXPORTER_PORT = 8889;
const CONFIG_DIR = '/etc/otelcol-contrib';
export const CONFIG_PATH = `${CONFIG_DIR}/config.yaml`;
/** Where the generated configuration is mounted: beside, not over, the path a user's file takes. */
const GENERATED_DIR = '/etc/otelcol-contrib/slipway';

const Options = Type.Object(
  {
    loki: Type.Optional(Type.String({ minLength: 1, description: 'Infra entry (type loki) that receives the logs, over OTLP/HTTP at its /otlp endpoint. @default logs go to the debug exporter' })),
    prometheus: Type.Optional(
      Type.Boolean({ description: 'Serve the metrics the apps send over OTLP in Prometheus format on port 8889 (named prom-exporter). @default false' }),
    ),
    cors: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        uniqueItems: true,
        description: 'Origins allowed to send OTLP/HTTP from a browser (receivers.otlp.protocols.http.cors.allowed_origins)',
      }),
    ),
  },
  { additionalProperties: false },
);

type Collector = InfraOf<typeof Options>;

/** A user's config.yaml (by name or full path) replaces the generated one. */
function userConfig(infra: ResolvedInfra): boolean {
  return Object.keys(infra.files ?? {}).some((k) => filePath(k, CONFIG_DIR) === CONFIG_PATH);
}

/** The generated configuration. Every server component listens on 0.0.0.0: since v0.104 they default to localhost. */
export function collectorConfig(infra: Collector, environment: string): Record<string, unknown> {
  const loki = infra.options.loki ? infra.dependencies?.[infra.options.loki] : undefined;
  const logs = loki ? ['otlphttp/loki'] : ['debug'];
  const metrics = infra.options.prometheus ? ['prometheus'] : ['debug'];
  const pipeline = (exporters: string[]) => ({ receivers: ['otlp'], processors: ['memory_limiter', 'resource', 'batch'], exporters });
  return {
    extensions: { health_check: { endpoint: `0.0.0.0:${HEALTH_PORT}` } },
    receivers: {
      otlp: {
        protocols: {
          grpc: { endpoint: `0.0.0.0:${OTLP_GRPC_PORT}` },
          http: { endpoint: `0.0.0.0:${OTLP_HTTP_PORT}`, ...(infra.options.cors?.length ? { cors: { allowed_origins: [...infra.options.cors] } } : {}) },
        },
      },
    },
    processors: {
      // First in every pipeline: refuses data (the SDKs retry) before the Go heap reaches the container limit.
      memory_limiter: { check_interval: '1s', limit_percentage: 80, spike_limit_percentage: 25 },
      // insert, not upsert: what an SDK says about itself stays. The older key is kept for backends not yet on semconv 1.27.
      resource: {
        attributes: ['deployment.environment.name', 'deployment.environment'].map((key) => ({ key, value: environment, action: 'insert' })),
      },
      batch: {},
    },
    exporters: {
      debug: { verbosity: 'basic' },
      // Loki ≥ 3 ingests OTLP natively; otlphttp appends /v1/logs to the base URL.
      ...(loki ? { 'otlphttp/loki': { endpoint: `${loki.tls ? 'https' : 'http'}://${loki.host}:${loki.port}/otlp` } } : {}),
      ...(infra.options.prometheus ? { prometheus: { endpoint: `0.0.0.0:${PROMETHEUS_EXPORTER_PORT}`, resource_to_telemetry_conversion: { enabled: true } } } : {}),
    },
    service: {
      extensions: ['health_check'],
      // The image's own config binds its telemetry to 127.0.0.1; Prometheus scrapes the pod IP.
      ...(infra.metrics ? { telemetry: { metrics: { readers: [{ pull: { exporter: { prometheus: { host: '0.0.0.0', port: TELEMETRY_PORT } } } }] } } } : {}),
      pipelines: { traces: pipeline(['debug']), metrics: pipeline(metrics), logs: pipeline(logs) },
    },
  };
}

/**
 * GOMEMLIMIT at 80% of the memory limit, in MiB: the Go runtime collects harder before the kernel kills it
 * (the collector's scaling docs). None without a limit.
 */
export function goMemLimit(limit: string | undefined): string | undefined {
  const q = limit ? parseQuantity(limit) : undefined;
  if (!q) return undefined;
  const mib = (q.num * 8n) / (q.den * 10n * (1n << 20n));
  return mib > 0n ? `${mib}MiB` : undefined;
}

export const otelCollector: CatalogEntry = defineCatalogEntry({
  type: 'otel-collector',
  description: 'OpenTelemetry Collector (contrib image): OTLP gRPC/HTTP in, memory limiter, stack environment on every resource, logs to Loki',
  image: 'otel/opentelemetry-collector-contrib',
  defaultVersion: '0.159.0',
  port: OTLP_GRPC_PORT,
  // Browser SDKs can only send OTLP/HTTP (no gRPC from a page); pair it with options.cors.
  httpPorts: { 'otlp-http': OTLP_HTTP_PORT },
  env: { url: 'OTEL_EXPORTER_OTLP_ENDPOINT', host: 'OTEL_COLLECTOR_HOST', port: 'OTEL_COLLECTOR_PORT' },
  needsPassword: false,
  // Stateless (no tail sampling): replicas behind one Service share the load.
  maxReplicas: 10,
  productionReplicas: 2,
  // The release pipeline pushes the same build to GHCR.
  alsoRecognizes: /(^|\/)opentelemetry-collector-contrib$/,
  user: { uid: 10001, gid: 10001 },
  options: Options,
  configDir: CONFIG_DIR,

  dependsOn(infra) {
    return infra.options.loki ? [{ name: infra.options.loki, type: 'loki', path: ['options', 'loki'] }] : [];
  },

  checkFile(path, content) {
    if (path !== CONFIG_PATH) return undefined;
    try {
      const doc: unknown = parse(content);
      if (!doc || typeof doc !== 'object' || !('service' in doc)) return { message: 'the collector configuration has no service: section', hint: 'service.pipelines names the receivers, processors and exporters that run' };
    } catch (e) {
      return { message: `config.yaml is not valid YAML: ${(e as Error).message.split('\n')[0]}` };
    }
    return undefined;
  },

  metrics: () => ({ port: TELEMETRY_PORT, path: '/metrics' }),

  connection(infra, ctx): Connection {
    const e = endpoint(infra, ctx, OTLP_GRPC_PORT);
    // gRPC has no path; the scheme says whether the exporter uses TLS.
    const url = `${e.tls ? 'https' : 'http'}://${e.host}:${e.port}`;
    return { host: e.host, port: e.port, tls: e.tls, values: { host: e.host, port: String(e.port) }, url };
  },

  internal(infra, ctx: CatalogContext) {
    const ports: ServerPort[] = [
      { name: 'otlp-grpc', port: OTLP_GRPC_PORT },
      { name: 'otlp-http', port: OTLP_HTTP_PORT },
      { name: 'health', port: HEALTH_PORT },
      ...(infra.metrics ? [{ name: 'metrics', port: TELEMETRY_PORT }] : []),
      ...(infra.options.prometheus ? [{ name: 'prom-exporter', port: PROMETHEUS_EXPORTER_PORT }] : []),
    ];
    const memLimit = goMemLimit(infra.resources.limits.memory);
    // A user's config.yaml is mounted where the image looks (generate/infra-config.ts); the generated one lives in a
    // directory of its own, so the two never meet, under a name that changes with its content to roll the pods.
    const own = userConfig(infra) ? undefined : stringify(collectorConfig(infra, ctx.environment));
    const config = generatedConfig(infra, ctx, GENERATED_DIR, 'config.yaml', own);
    return {
      secrets: [],
      objects: [
        ...config.objects,
        ...serverObjects(infra, ctx, {
        uid: 10001,
        replicas: infra.replicas,
        ports,
        // Nothing by default; exporters' file-backed queues (file_storage) a user's config may add write here.
        writable: ['/tmp'],
        ...(config.extra ? { extra: config.extra } : {}),
        statefulSet: { podManagementPolicy: 'Parallel' },
        container: {
          name: 'otel-collector',
          image: infra.image,
          args: ['--config', config.extra ? `${GENERATED_DIR}/config.yaml` : CONFIG_PATH],
          ...(memLimit ? { env: [{ name: 'GOMEMLIMIT', value: memLimit }] } : {}),
          // health_check answers 200 once every pipeline has started; liveness only asks that the process listens.
          readinessProbe: portProbe('health', '/', { period: 10 }),
          livenessProbe: portProbe('otlp-grpc', undefined, { period: 20, failureThreshold: 6 }),
        },
        }),
      ],
    };
  },

  // Only a service that `uses:` the collector waits; traced services do not (tracing must not block start-up).
  wait: (infra, conn) => tcpWait(infra.name, conn.host, conn.port),
});
