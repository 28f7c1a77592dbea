/**
 * What a catalog entry (postgresql, redis, …) provides once defined. Entries are values built with
 * `defineCatalogEntry` (catalog/define.ts fills the defaults) and collected into a Catalog value
 * (catalog/catalog.ts) that the pipeline receives through its options; nothing is registered process-wide.
 */
import type { V1Container } from '@kubernetes/client-node';
import type { TObject } from '@sinclair/typebox';
import type { K8sObject } from '../k8s/object.js';
import type { Connection, ResolvedInfra, ResolvedResources } from '../model/resolved.js';
import type { Profile } from '../model/stack.js';
import type { ResolvedObservability } from '../model/observability.js';

import type { GeneratedSecret } from '../model/generated-secret.js';
import type { ImageUser, TagVariant } from './image-user.js';
import type { SqlNames } from './sql-names.js';
import type { FileProblem, InfraConfig, OptionProblem } from './infra-config.js';

export type { GeneratedSecret } from '../model/generated-secret.js';

export interface CatalogContext {
  stack: string;
  environment: string;
  namespace: string;
  profile: Profile;
  /**
   * The stack's observability block, when generating: the one way an entry that does a part of it gets its share
   * (the prometheus entry its scrape targets and kube-state-metrics, the grafana entry its datasources and
   * dashboards in dashboards.provisioning). Undefined while resolve renders or asks an entry for its own checks.
   */
  observability?: ResolvedObservability;
}

export interface CatalogOutput {
  objects: K8sObject[];
  secrets: GeneratedSecret[];
  /**
   * Set when an operator runs the instance from a custom resource among `objects` (named like the instance)
   * instead of slipway's own StatefulSet. The operator makes the pods' ServiceAccount and disruption budgets
   * itself; the pods carry the instance's selector labels, so its network policy still applies to them.
   */
  operator?: OperatorRun;
  /**
   * Set when the instance runs in a namespace of its own rather than the stack's (a log agent that needs host paths,
   * which the stack's restricted namespace forbids). Its objects there include that Namespace; the per-component
   * objects generate adds (ServiceAccount, NetworkPolicy) go there too, and `up`/`down` settle it like the stack's.
   */
  namespace?: string;
  /**
   * Pods among `objects` that are neither the server nor a setup Job and call the API server (the kube-state-metrics
   * a scraping Prometheus runs): each gets a NetworkPolicy of its own, letting the instance's pods in on `serves`
   * and, with `api`, out to the API server only.
   */
  helpers?: HelperPods[];
}

export interface HelperPods {
  /** Name of its NetworkPolicy (and of its workload). */
  name: string;
  /** The selector labels of its pods (not the instance's: no Service or budget of the instance selects them). */
  selector: Record<string, string>;
  /** Ports the instance's own pods reach on it. */
  serves: number[];
  /** Whether it calls the API server. */
  api: boolean;
}

export interface OperatorRun {
  /** Ports clients reach on the instance's pods. */
  ports: { name: string; port: number }[];
  /** Where the operator runs: its pods reach the instance's pods on `reaches` (status and SQL ports). */
  namespace: string;
  pods: Record<string, string>;
  reaches: number[];
}

/**
 * Where Prometheus reads an internal instance's metrics (observability.metrics): a port named `metrics` on its
 * pods and Services, served by the standard exporter beside the server or by the server itself.
 */
export interface MetricsEndpoint {
  port: number;
  path: string;
  /** The exporter container, when the server does not serve Prometheus metrics itself. */
  exporter?: Container;
  /**
   * The component whose pods and Service serve the port, when not the instance itself: an exporter that reads a
   * whole cluster runs once, beside it (Kafka's). @default the instance
   */
  component?: string;
  /**
   * Labels of the pods that serve the port when no Service of the instance has it (an operator's instances):
   * Prometheus then scrapes the pods directly (a PodMonitor in operator mode).
   */
  pods?: Record<string, string>;
}

/** A core/v1 Container that names its image, so misspelled fields fail at compile time. */
export type Container = V1Container & { image: string };

/** How an image matched an entry. */
export interface ImageMatch {
  /** The entry's own official repository (its UID and paths apply), not another vendor's build of the server. */
  official: boolean;
}

/** One infra entry another one connects to, and where in the stack the reference is written. */
export interface InfraDependency {
  name: string;
  /** The catalog type it must have. */
  type: string;
  /** Path of the reference below `infra.<name>`, e.g. ['options', 'mysql']. */
  path: string[];
  /** Whether the instance starts only once the dependency is ready (a log agent buffers and retries instead). @default true */
  wait?: boolean;
}

export interface CatalogEntry {
  /** Catalog name used in `type:`. */
  readonly type: string;
  readonly description: string;
  /** Official image repository, e.g. `postgres`. */
  readonly image: string;
  /** Pinned default tag. */
  readonly defaultVersion: string;
  /** Main client port. */
  readonly port: number;
  /** Contract key → default env var name for users, e.g. {url: 'DATABASE_URL'}. */
  readonly env: Readonly<Record<string, string>>;
  /**
   * Ports of the client Service that speak HTTP and may be exposed through an Ingress (`infra.<name>.ingress`),
   * by port name: a browser sending OTLP/HTTP to the collector, people opening Grafana. The first is the default.
   * A database's port is never here: an Ingress only routes HTTP. @default none (the entry refuses an ingress)
   */
  readonly httpPorts?: Readonly<Record<string, number>>;
  /** Whether `uses: {x: {database: name}}` can give a user its own database and user. */
  readonly supportsDatabases: boolean;
  /**
   * The language of `init:` scripts, when the entry runs them (in its provisioning Job, recorded per database),
   * e.g. 'SQL (psql)'. Entries without it refuse `init:`.
   */
  readonly initLanguage?: string;
  /** Whether the server authenticates with a password (external entries then need passwordSecret). */
  readonly needsPassword: boolean;
  /**
   * Schema of `infra.<name>.external` for this type (validated at that path; carried by the published JSON Schema
   * per type). Build it with `externalSchema(extra)` (catalog/external-schema.ts). @default host, port, database,
   * user, passwordSecret, tls, cidr
   */
  readonly external?: TObject;
  /**
   * Fields of `external:` that name the server; an external instance needs one of them.
   * @default ['host']
   */
  readonly externalHostFields?: readonly string[];
  /**
   * The pods' resources where the stack sets none, instead of the profile's infra default: a node agent runs one
   * pod on every node and needs a fraction of a server's. @default the profile's infra resources
   */
  readonly resources?: ResolvedResources;
  /** Why the entry cannot be `mode: external`, when so (a node agent runs where the stack runs); external is then refused. */
  readonly internalOnly?: string;
  /** Highest replica count the internal deployment supports. */
  readonly maxReplicas: number;
  /**
   * Where high availability comes from when a stack asks for more than maxReplicas (an operator, a managed
   * service): the hint of the refusal. @default an external (managed) instance
   */
  readonly replicasHint?: string;
  /**
   * Replica counts the internal deployment supports, when not every count up to maxReplicas works (a quorum
   * needs an odd size). @default every count from 1 to maxReplicas
   */
  readonly replicaCounts?: readonly number[];
  /** The image's own user: runAsUser/runAsGroup/fsGroup of the server pods (the data volume belongs to it). */
  readonly user?: ImageUser;
  /** Tag variants whose user differs from `user`, or that slipway refuses; the first match wins. */
  readonly variants?: readonly TagVariant[];
  /** Length limits and reserved names of the server's users and databases. */
  readonly names?: SqlNames;
  /**
   * The replicas form a quorum (a KRaft controller quorum, a Keeper ensemble): from 3 replicas on they get a
   * budget of one pod at a time and spread over nodes and zones in every profile, and a budget that lets more
   * than one go is refused. @default false
   */
  readonly quorum?: boolean;
  /**
   * More than one replica needs another entry of the stack the replicas coordinate through (ClickHouse replicates
   * through a ClickHouse Keeper), named by `options.<option>` and of type `type`; a stack that asks for replicas
   * without naming one is refused (rule replicas-need-coordinator). The option's dependsOn makes the connection.
   * @default replicas need nothing else
   */
  readonly replicasNeed?: { readonly option: string; readonly type: string };
  /** Replicas in the production profile when the stack does not say (e.g. 3 Kafka brokers). @default 1 */
  readonly productionReplicas?: number;
  /**
   * Schema of `infra.<name>.options` for this type (validated at that path; carried by the published JSON
   * Schema per type). Undefined: the type takes no options.
   */
  readonly options?: TObject;
  /**
   * Other infra of the same stack an internal instance connects to itself (Nacos keeps its configuration in a
   * MySQL entry): validation checks each exists with the type named, and NetworkPolicies let the traffic through.
   * `ctx` is there when generating (with the observability block: Grafana connects to its datasources), not while
   * resolving.
   */
  dependsOn?(infra: ResolvedInfra, ctx?: CatalogContext): InfraDependency[];
  /**
   * Directory of the server's config files (e.g. /etc/mysql/conf.d), where `files:` given by name go; read by the
   * server without further settings. Undefined: `files:` need absolute paths.
   */
  readonly configDir?: string;
  /**
   * Flags (as flagsOf names them: `-p`, `-c port`) the entry depends on without passing them itself, with why;
   * the stack's `args:` may not give them.
   */
  readonly reservedFlags?: Readonly<Record<string, string>>;
  /** Why `args:` cannot reach the server (its command takes none), when so; the stack's `args:` are then refused. */
  readonly argsRefused?: string;
  /** Env, arguments and files the instance's options turn into (settings, config files); none by default. */
  config?(infra: ResolvedInfra): InfraConfig;
  /** Problems in the options beyond their schema, e.g. a misspelled setting name. */
  checkOptions?(options: Readonly<Record<string, unknown>>): OptionProblem[];
  /** Why the server would refuse a config file at `path` (absolute), e.g. XML that is not well-formed. */
  checkFile?(path: string, content: string): FileProblem | undefined;
  /**
   * The instance's metrics endpoint, when the entry has one; an instance that observability.metrics scrapes has
   * `infra.metrics` set and adds the endpoint to its objects.
   */
  metrics?(infra: ResolvedInfra, ctx: CatalogContext): MetricsEndpoint;
  /** Whether `image` runs this entry's server (analyze and import ask this). */
  recognize(image: string): ImageMatch | undefined;
  /** Image of client containers (waits): the instance's own image when internal, else the official one. */
  clientImage(infra: ResolvedInfra): string;
  /** Connection data for one user of this infra, internal or external. `database` = the user's own database. */
  connection(infra: ResolvedInfra, ctx: CatalogContext, database?: string): Connection;
  /**
   * Objects of an internal instance (StatefulSet, Services, ConfigMaps, provisioning Jobs) and its generated
   * Secrets. Pods run as `serviceAccountName: infra.name`; that ServiceAccount, like every object all components
   * share, comes from generate's features (generate/features/service-account.ts), not from the entry.
   */
  internal(infra: ResolvedInfra, ctx: CatalogContext): CatalogOutput;
  /**
   * Init container that blocks until the dependency answers (protocol-aware where the image allows).
   * It brings its own env (e.g. the password via secretKeyRef).
   */
  wait(infra: ResolvedInfra, conn: Connection, ctx: CatalogContext): Container;
}
