/**
 * The stack file format, written once as TypeBox schemas. The JSON Schema shipped for editors
 * (schema/slipway.schema.json) and the TypeScript types of the user-facing model both come from here,
 * so they cannot drift (test/unit/schema-drift.test.ts proves the committed file matches).
 */
import { Type } from '@sinclair/typebox';
import { doc, Int, MAX_REPLICAS } from './schema-doc.js';
import { Enabled, ExposeSchema, PreStopSchema, PullPolicySchema, PullSecretsSchema } from './schema-pod.js';
import { AllowSchema, NetworkSchema } from './schema-network.js';
import { SecretPatchSchema, SecretSchema } from './schema-secrets.js';
import { VolumesSchema } from './schema-volumes.js';
import { InitScriptSchema } from './schema-init.js';
import { infraConfigFields } from './schema-infra-config.js';
import { ObservabilitySchema, ServiceMetricsSchema } from './schema-observability.js';
import { DEFAULT_WRITABLE_SIZE } from './storage.js';
import { AutoscaleSchema, DisruptionSchema, PlacementSchema, SpreadSchema } from './schema-scheduling.js';

export { MAX_REPLICAS } from './schema-doc.js';
export { KeyShapeSchema, SecretPatchSchema, SecretSchema } from './schema-secrets.js';
export { InitScriptSchema } from './schema-init.js';

/** Scalars an env var or var may hold; numbers and booleans are written as their YAML text. */
const Scalar = doc(Type.Union([Type.String(), Type.Number(), Type.Boolean()]), 'A string, number or boolean; put structured configuration in files: instead');

const Quantity = (what: string) =>
  doc(Type.Union([Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?(m|k|Ki|M|Mi|G|Gi|T|Ti)?$' }), Type.Number()]), what, {
    errorMessage: 'must be a Kubernetes quantity such as 250m, 512Mi or 2Gi',
  });

export const ResourcesSchema = doc(
  Type.Object(
    {
      cpu: Type.Optional(Quantity('CPU request, e.g. 250m. @default from the profile')),
      memory: Type.Optional(Quantity('Memory request, e.g. 256Mi. @default from the profile')),
      ephemeral: Type.Optional(Quantity('Ephemeral-storage request (logs, writable layer, writable dirs), e.g. 256Mi. @default from the profile')),
      limits: Type.Optional(
        Type.Object(
          {
            cpu: Type.Optional(Quantity('CPU limit. @default from the profile')),
            memory: Type.Optional(Quantity('Memory limit. @default from the profile')),
            ephemeral: Type.Optional(
              Quantity('Ephemeral-storage limit for the container itself (logs, writable layer); the size of every writable dir is added to it. @default from the profile'),
            ),
          },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  ),
  'Requests (cpu, memory, ephemeral storage) and limits. Unset values come from the environment profile.',
);

const AbsolutePath = doc(Type.String({ pattern: '^/' }), 'An absolute path', { errorMessage: 'must be an absolute path' });

const PortRef = Type.Union([Type.String(), Type.Integer({ minimum: 1, maximum: 65535 })]);

export const ProbeSchema = doc(
  Type.Object(
    {
      http: Type.Optional(doc(Type.String({ pattern: '^/' }), 'HTTP GET path, e.g. /healthz', { errorMessage: "must be a path starting with '/'" })),
      tcp: Type.Optional(doc(Type.Boolean(), 'Open a TCP connection to the port')),
      exec: Type.Optional(doc(Type.Array(Type.String(), { minItems: 1 }), 'Command run in the container; exit 0 = healthy')),
      grpc: Type.Optional(
        doc(
          Type.Union([Type.Boolean(), Type.Object({ service: doc(Type.String({ minLength: 1 }), 'Service name sent in the health check request') }, { additionalProperties: false })]),
          'Native gRPC health check (grpc.health.v1.Health/Check) on the port; {service: name} asks about one service',
        ),
      ),
      headers: Type.Optional(
        doc(Type.Record(Type.String({ pattern: '^[-A-Za-z0-9]+$' }), Type.String(), { additionalProperties: false }), 'HTTP headers sent with an http probe, e.g. {Host: api.example.com}; values may use ${...}', {
          errorMessage: 'header names are letters, digits and -',
        }),
      ),
      port: Type.Optional(doc(PortRef, 'Port name or number. @default the first port')),
      initialDelay: Type.Optional(doc(Int(0), 'Seconds before the first probe. @default 0')),
      period: Type.Optional(doc(Int(1), 'Seconds between probes. @default 10')),
      timeout: Type.Optional(doc(Int(1), 'Seconds before a probe times out. @default 3')),
      failureThreshold: Type.Optional(doc(Int(1), 'Failures before the probe fails. @default 3 (30 for startup)')),
    },
    { additionalProperties: false },
  ),
  'One probe: exactly one of http, tcp, grpc or exec.',
);

export const HealthSchema = doc(
  Type.Object(
    {
      liveness: Type.Optional(ProbeSchema),
      readiness: Type.Optional(ProbeSchema),
      startup: Type.Optional(ProbeSchema),
    },
    { additionalProperties: false },
  ),
  'Health checks. @default readiness = TCP on the first port for services with ports',
);

export const PortSchema = Type.Union([
  Type.Integer({ minimum: 1, maximum: 65535 }),
  Type.Object(
    {
      port: doc(Type.Integer({ minimum: 1, maximum: 65535 }), 'Container port'),
      protocol: Type.Optional(doc(Type.Union([Type.Literal('TCP'), Type.Literal('UDP')]), '@default TCP')),
      servicePort: Type.Optional(doc(Type.Integer({ minimum: 1, maximum: 65535 }), 'Port on the Service. @default the container port')),
    },
    { additionalProperties: false },
  ),
]);

/** An Ingress's fields; services and infra entries each get their own described copy. */
const ingressObject = () =>
  Type.Object(
    {
      host: doc(Type.String({ minLength: 1 }), 'Host name; may use ${tenant}, ${env}, ${vars.x}'),
      path: Type.Optional(doc(Type.String({ pattern: '^/' }), '@default /', { errorMessage: "must be a path starting with '/'" })),
      port: Type.Optional(doc(PortRef, 'Port name or number. @default the first port')),
      tls: Type.Optional(
        doc(
          Type.Union([Type.Boolean(), Type.Object({ secretName: Type.String({ minLength: 1 }) }, { additionalProperties: false })]),
          'true = TLS with secret <service>-tls; or name the secret. @default false',
        ),
      ),
      className: Type.Optional(doc(Type.String(), 'ingressClassName. @default the cluster default')),
      annotations: Type.Optional(Type.Record(Type.String(), Type.String())),
    },
    { additionalProperties: false },
  );

export const IngressSchema = doc(ingressObject(), 'Expose the service over HTTP(S).');

export const InfraIngressSchema = doc(
  ingressObject(),
  "Expose one of the entry's HTTP ports (docs/catalog.md lists them: grafana http, prometheus http, otel-collector otlp-http) over HTTP(S); internal entries only. port: @default the entry's first HTTP port",
);

export const UseOptionsSchema = doc(
  Type.Object(
    {
      env: Type.Optional(
        doc(
          Type.Record(Type.String(), Type.Union([Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }), Type.Null()])),
          'Rename connection variables: {url: PRIMARY_DB_URL}; null drops one. Keys: url, host, port, database, user, password (infra); url, address, host, port (services); …',
        ),
      ),
      database: Type.Optional(
        doc(Type.String({ pattern: '^[a-z][a-z0-9_]*$' }), 'Own database and user on this server (created idempotently when internal)', {
          errorMessage: 'must be a lowercase SQL identifier (a-z, 0-9, _)',
        }),
      ),
      wait: Type.Optional(doc(Type.Boolean(), 'Wait for the dependency before the container starts. @default true')),
    },
    { additionalProperties: false },
  ),
  'How a service uses a dependency.',
);

export const UsesSchema = doc(
  Type.Array(Type.Union([Type.String({ minLength: 1 }), Type.Record(Type.String(), Type.Union([UseOptionsSchema, Type.Null()]), { minProperties: 1, maxProperties: 1 })])),
  'Dependencies: infra or service names, or {name: {env, database, wait}}.',
);

const serviceFields = {
  kind: Type.Optional(
    doc(
      Type.Union([Type.Literal('service'), Type.Literal('worker'), Type.Literal('cron'), Type.Literal('job'), Type.Literal('agent')]),
      'service (long-running, ports) | worker (no ports) | cron (schedule) | job (runs to completion before its users start) | agent (one per node). @default service',
    ),
  ),
  image: doc(Type.String({ minLength: 1 }), 'Container image, ideally with a pinned tag'),
  enabled: Type.Optional(Enabled),
  pullPolicy: Type.Optional(PullPolicySchema),
  pullSecrets: Type.Optional(doc(PullSecretsSchema, "This service's pull Secrets, after the stack's")),
  command: Type.Optional(doc(Type.Array(Type.String()), 'Overrides the image ENTRYPOINT')),
  args: Type.Optional(doc(Type.Array(Type.String()), 'Overrides the image CMD')),
  workingDir: Type.Optional(Type.String()),
  ports: Type.Optional(doc(Type.Record(Type.String(), PortSchema), 'Named ports: {http: 8080}')),
  env: Type.Optional(doc(Type.Record(Type.String(), Scalar), 'Environment variables; values may use ${...} interpolation')),
  files: Type.Optional(
    doc(Type.Record(Type.String({ pattern: '^/' }), Type.String(), { additionalProperties: false }), 'Config files by absolute path; content may use ${...}', {
      errorMessage: 'file paths must be absolute, e.g. /etc/app/config.yaml',
    }),
  ),
  replicas: Type.Optional(doc(Int(0, MAX_REPLICAS), '@default from the profile (1, or 2 in production)')),
  resources: Type.Optional(ResourcesSchema),
  autoscale: Type.Optional(AutoscaleSchema),
  disruption: Type.Optional(DisruptionSchema),
  spread: Type.Optional(SpreadSchema),
  health: Type.Optional(HealthSchema),
  gracePeriod: Type.Optional(doc(Int(0), 'Seconds a stopping pod gets, preStop included, before it is killed (terminationGracePeriodSeconds). @default 30')),
  preStop: Type.Optional(PreStopSchema),
  expose: Type.Optional(ExposeSchema),
  ingress: Type.Optional(IngressSchema),
  placement: Type.Optional(PlacementSchema),
  uses: Type.Optional(UsesSchema),
  allow: Type.Optional(AllowSchema),
  metrics: Type.Optional(ServiceMetricsSchema),
  schedule: Type.Optional(doc(Type.String({ minLength: 1 }), 'Cron schedule (kind: cron), e.g. "*/5 * * * *"')),
  concurrency: Type.Optional(doc(Type.Union([Type.Literal('Allow'), Type.Literal('Forbid'), Type.Literal('Replace')]), 'Cron concurrency policy. @default Forbid')),
  perTenant: Type.Optional(doc(Type.Boolean(), 'Stamp one copy per tenant, named <service>-<tenant>, with ${tenant} set. @default false')),
  shards: Type.Optional(doc(Type.Array(Type.String(), { minItems: 1 }), 'Stamp one copy per shard, named <service>-<shard>, with ${shard} set')),
  user: Type.Optional(doc(Int(1), "UID the image runs as (runAsUser/runAsGroup/fsGroup). @default 10001")),
  writable: Type.Optional(
    doc(
      Type.Array(
        Type.Union([
          AbsolutePath,
          Type.Object({ path: AbsolutePath, size: Quantity(`Most the directory may hold (the emptyDir's sizeLimit). @default ${DEFAULT_WRITABLE_SIZE}`) }, { additionalProperties: false }),
        ]),
      ),
      `Paths given a writable emptyDir under the read-only root fs: a path, or {path, size}. @default [/tmp] of ${DEFAULT_WRITABLE_SIZE}`,
    ),
  ),
  volumes: Type.Optional(VolumesSchema),
  readOnlyRootFilesystem: Type.Optional(doc(Type.Boolean(), '@default true')),
  serviceAccountToken: Type.Optional(doc(Type.Boolean(), 'Mount a ServiceAccount token. @default false')),
  timeout: Type.Optional(doc(Int(1), 'Seconds `up` waits for this component to be ready (Jobs: complete). @default --timeout (300)')),
  restartWith: Type.Optional(
    doc(Type.Array(Type.String({ minLength: 1 }), { uniqueItems: true }), 'Components `slipway restart` restarts after this one (in dependency order), e.g. services that hold connections to it'),
  ),
  protect: Type.Optional(doc(Type.Boolean(), '`slipway restart` refuses to restart this component (directly or as a follower) without --force. @default false')),
  labels: Type.Optional(Type.Record(Type.String(), Type.String())),
  annotations: Type.Optional(Type.Record(Type.String(), Type.String())),
};

export const ServiceSchema = doc(Type.Object(serviceFields, { additionalProperties: false }), 'A workload of the stack.');
/** The same fields, all optional: what an environment may change. */
export const ServicePatchSchema = doc(Type.Partial(Type.Object(serviceFields, { additionalProperties: false })), 'Changes to a service in this environment.');

export const SecretRefSchema = Type.Object(
  { name: Type.String({ minLength: 1 }), key: Type.Optional(doc(Type.String({ minLength: 1 }), '@default password')) },
  { additionalProperties: false },
);

export const ExternalSchema = doc(
  Type.Object(
    {
      host: Type.Optional(doc(Type.String({ minLength: 1 }), 'Host name of the existing server')),
      port: Type.Optional(doc(Type.Integer({ minimum: 1, maximum: 65535 }), '@default the catalog port')),
      brokers: Type.Optional(doc(Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }), 'host:port list (kafka)')),
      database: Type.Optional(Type.String()),
      user: Type.Optional(Type.String()),
      passwordSecret: Type.Optional(doc(SecretRefSchema, 'Existing Secret in the target namespace holding the password')),
      tls: Type.Optional(doc(Type.Boolean(), '@default false')),
      cidr: Type.Optional(doc(Type.String({ minLength: 1 }), 'Addresses of the server for egress policies. @default any address on its port (NetworkPolicy has no host names)')),
    },
    // Which fields a type takes is its catalog entry's (CatalogEntry.external, checked by validate/external-check.ts
    // and per type in the published schema): an entry from elsewhere may declare fields not listed here.
    { additionalProperties: true },
  ),
  'Connection to an existing (managed) instance: the fields its catalog entry takes (host, port, database, user, passwordSecret, tls, cidr; kafka: brokers).',
);

const infraFields = {
  type: doc(Type.String({ minLength: 1 }), 'Catalog entry: postgresql | mysql | redis | kafka | clickhouse | rabbitmq | nats | nacos | mongodb | minio | opensearch (docs/catalog.md)'),
  mode: Type.Optional(doc(Type.Union([Type.Literal('internal'), Type.Literal('external')]), 'internal = slipway deploys it. @default internal')),
  version: Type.Optional(doc(Type.String({ minLength: 1 }), 'Image tag of the official image. @default the catalog version')),
  image: Type.Optional(doc(Type.String({ minLength: 1 }), "Full image reference (mirror); its pods get the stack's pullSecrets. @default the official image")),
  enabled: Type.Optional(Enabled),
  pullPolicy: Type.Optional(PullPolicySchema),
  replicas: Type.Optional(doc(Int(1, MAX_REPLICAS), '@default 1 (kafka: 3 in production)')),
  storage: Type.Optional(Quantity('Data volume size. @default from the profile')),
  storageClass: Type.Optional(Type.String()),
  resources: Type.Optional(ResourcesSchema),
  disruption: Type.Optional(DisruptionSchema),
  spread: Type.Optional(SpreadSchema),
  database: Type.Optional(doc(Type.String({ pattern: '^[a-z][a-z0-9_]*$' }), 'Default database. @default the stack name', { errorMessage: 'must be a lowercase SQL identifier (a-z, 0-9, _)' })),
  user: Type.Optional(doc(Type.String({ pattern: '^[a-z][a-z0-9_]*$' }), 'Default user. @default the stack name', { errorMessage: 'must be a lowercase SQL identifier (a-z, 0-9, _)' })),
  placement: Type.Optional(PlacementSchema),
  external: Type.Optional(ExternalSchema),
  ingress: Type.Optional(InfraIngressSchema),
  options: Type.Optional(
    doc(Type.Record(Type.String(), Type.Unknown()), "Settings of this catalog type, checked against that type's options schema (docs/catalog-kit.md)"),
  ),
  ...infraConfigFields,
  timeout: Type.Optional(doc(Int(1), 'Seconds `up` waits for this server to be ready. @default --timeout (300)')),
  restartWith: Type.Optional(
    doc(Type.Array(Type.String({ minLength: 1 }), { uniqueItems: true }), 'Components `slipway restart` restarts after this one (in dependency order), e.g. services that hold connections to it'),
  ),
  init: Type.Optional(
    doc(Type.Array(InitScriptSchema), 'Init scripts (SQL, or ClickHouse SQL), run in order by the provisioning Job before any user of this server starts (internal postgresql, mysql, clickhouse)'),
  ),
  protect: Type.Optional(doc(Type.Boolean(), '`slipway restart` refuses to restart this component (directly or as a follower) without --force. @default false')),
};

export const InfraSchema = doc(Type.Object(infraFields, { additionalProperties: false }), 'A backing service from the catalog.');
export const InfraPatchSchema = doc(Type.Partial(Type.Object(infraFields, { additionalProperties: false })), 'Changes to an infra entry in this environment.');

export const ProfileSchema = doc(
  Type.Union([Type.Literal('minimal'), Type.Literal('default'), Type.Literal('production')]),
  'Defaults for replicas, resources and storage. @default default',
);

const Vars = doc(Type.Record(Type.String(), Scalar), 'Values for ${vars.name}');

/**
 * One cluster of a multi-cluster environment: its kube context, a name such as a region, and what differs there.
 * The overlay is applied on the environment's, with the same rules (maps merge, lists and scalars replace).
 */
export const ClusterSchema = doc(
  Type.Object(
    {
      context: doc(Type.String({ minLength: 1 }), 'kube context of this cluster (each cluster of an environment has its own)'),
      vars: Type.Optional(Vars),
      tenants: Type.Optional(doc(Type.Array(Type.String()), 'Replaces the tenant list in this cluster')),
      network: Type.Optional(NetworkSchema),
      services: Type.Optional(Type.Record(Type.String(), ServicePatchSchema)),
      infra: Type.Optional(Type.Record(Type.String(), InfraPatchSchema)),
    },
    { additionalProperties: false },
  ),
  'A cluster this environment is deployed to, with its own overrides (replicas, hosts, which infra is external).',
);

export const EnvironmentSchema = doc(
  Type.Object(
    {
      profile: Type.Optional(ProfileSchema),
      namespace: Type.Optional(doc(Type.String(), 'Target namespace. @default <stack>-<environment>')),
      context: Type.Optional(doc(Type.String(), 'kube context used by up/down/status')),
      vars: Type.Optional(Vars),
      tenants: Type.Optional(doc(Type.Array(Type.String()), 'Replaces the tenant list')),
      network: Type.Optional(NetworkSchema),
      pullSecrets: Type.Optional(doc(PullSecretsSchema, 'Replaces the stack pull Secrets')),
      services: Type.Optional(Type.Record(Type.String(), ServicePatchSchema)),
      infra: Type.Optional(Type.Record(Type.String(), InfraPatchSchema)),
      secrets: Type.Optional(Type.Record(Type.String(), SecretPatchSchema)),
      observability: Type.Optional(ObservabilitySchema),
      clusters: Type.Optional(
        doc(
          Type.Record(Type.String(), ClusterSchema),
          'Deploy this environment to several clusters, by name (e.g. a region): up, diff, status, history and down act on all of them in parallel, or on one with --cluster',
        ),
      ),
    },
    { additionalProperties: false },
  ),
  'An overlay on the base stack: maps merge, lists and scalars replace.',
);

export const StackSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    name: doc(Type.String({ minLength: 1 }), 'Stack name: a lowercase DNS label, used in names and labels'),
    profile: Type.Optional(ProfileSchema),
    namespace: Type.Optional(doc(Type.String(), 'Target namespace. @default <stack>-<environment>')),
    vars: Type.Optional(Vars),
    tenants: Type.Optional(doc(Type.Array(Type.String()), 'Tenants for services with perTenant: true')),
    network: Type.Optional(NetworkSchema),
    pullSecrets: Type.Optional(doc(PullSecretsSchema, 'Pull Secrets of every service, and of infra that uses a mirror image:')),
    services: Type.Optional(Type.Record(Type.String(), ServiceSchema)),
    infra: Type.Optional(Type.Record(Type.String(), InfraSchema)),
    secrets: Type.Optional(Type.Record(Type.String(), SecretSchema)),
    observability: Type.Optional(ObservabilitySchema),
    environments: Type.Optional(Type.Record(Type.String(), EnvironmentSchema)),
  },
  {
    additionalProperties: false,
    // x- keys are free for YAML anchors shared with `<<:` merges, as in Compose files.
    patternProperties: { '^x-': {} },
    $id: 'https://slipway.dev/schema/slipway.schema.json',
    title: 'slipway stack',
    description: 'One file describing a multi-service platform for Kubernetes.',
  },
);
