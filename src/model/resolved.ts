/**
 * The resolved stack: one environment, every default applied, tenants stamped, interpolation done.
 * Only the resolve stage builds it; generators read nothing else.
 */
import type { ResolvedAutoscale } from './autoscale.js';
import type { Budget } from './disruption.js';
import type { ResolvedAllow, ResolvedNetwork } from './network.js';
import type { ResolvedObservability } from './observability.js';
import type { ImagePull } from './image-pull.js';
import type { KeyShape } from './secret-shape.js';
import type { ExternalSpec, Profile, ServiceKind } from './stack.js';
import type { WritableDir } from './storage.js';
import type { ResolvedVolume } from './volumes.js';

export interface SecretRef {
  name: string;
  key: string;
}

/** A value for a container env var: literal text, or a key of a Secret. */
export type EnvVar = { name: string; value: string } | { name: string; secret: SecretRef };

export interface ResolvedResources {
  /** ephemeral = ephemeral-storage: the container's logs and writable layer (writable dirs are added when written). */
  requests: { cpu: string; memory: string; ephemeral: string };
  limits: { cpu: string; memory: string; ephemeral: string };
}

export interface ResolvedProbe {
  http?: string;
  tcp?: boolean;
  exec?: string[];
  /** Native gRPC health check; `service` is the name asked about. */
  grpc?: { service?: string };
  /** Headers of an http probe, in the order written. */
  headers?: { name: string; value: string }[];
  /** Port name (always a named port of the service) or number for exec-less probes; a number for grpc (the API takes no names there). */
  port?: string | number;
  initialDelay: number;
  period: number;
  timeout: number;
  failureThreshold: number;
}

export interface Placement {
  nodeSelector: Record<string, string>;
  tolerations: { key?: string; operator?: string; value?: string; effect?: string }[];
}

/**
 * The connection contract: the same shape whether the dependency is deployed by slipway (internal) or
 * already exists (external). Catalog entries produce it; wiring turns it into env vars and waits.
 */
export interface Connection {
  host: string;
  port: number;
  tls: boolean;
  database?: string;
  user?: string;
  /** Where the password lives; values reach containers only through secretKeyRef. */
  password?: SecretRef;
  /** Plain (non-secret) values by contract key: host, port, database, user, brokers, … */
  values: Record<string, string>;
  /**
   * URL / DSN for the `url` key. The token `{password}` marks where the password goes; it is filled in by
   * Kubernetes' $(VAR) expansion from the password env var, so no secret is ever written into a manifest.
   */
  url?: string;
}

export interface ResolvedUse {
  /** Name of the used component (stamped service name or infra name). */
  target: string;
  targetKind: 'infra' | 'service' | 'job';
  /** Own database requested on the server (use.database). */
  database?: string;
  wait: boolean;
  /** Contract key → env var name (after the user's remapping; dropped keys are absent). */
  env: Record<string, string>;
  connection: Connection;
}

export interface ResolvedFile {
  path: string;
  /** Key in the service's config map. */
  key: string;
  content: string;
}

export interface ResolvedPort {
  name: string;
  port: number;
  protocol: 'TCP' | 'UDP';
  servicePort: number;
}

export interface ResolvedService {
  /** Object name: the service name, plus -<tenant> or -<shard> when stamped. */
  name: string;
  /** The name in the stack file. */
  base: string;
  tenant?: string;
  shard?: string;
  kind: ServiceKind;
  image: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  ports: ResolvedPort[];
  /** User env, interpolated, in file order. Wiring env is derived from `uses` by the generator. */
  env: EnvVar[];
  files: ResolvedFile[];
  /** Pods to run; with autoscale, the floor (autoscale.min) and not written to the Deployment. */
  replicas: number;
  /** The HorizontalPodAutoscaler range, for a service or worker that scales on load. */
  autoscale?: ResolvedAutoscale;
  resources: ResolvedResources;
  health: { liveness?: ResolvedProbe; readiness?: ResolvedProbe; startup?: ResolvedProbe };
  /** How the pods pull their images. */
  pull: ImagePull;
  /** terminationGracePeriodSeconds, when the stack sets one. */
  gracePeriod?: number;
  preStop?: { sleep: number } | { exec: string[] };
  /** The Service in front of the ports (written only when there are ports). */
  expose: { type: 'ClusterIP' | 'NodePort' | 'LoadBalancer'; annotations: Record<string, string>; nodePorts: Record<string, number> };
  ingress?: ResolvedIngress;
  placement: Placement;
  /** The PodDisruptionBudget bound, when the workload gets one (model/disruption.ts). */
  disruption?: Budget;
  spread: boolean;
  uses: ResolvedUse[];
  /** Traffic beyond uses: for NetworkPolicies, with component names resolved. */
  allow: ResolvedAllow[];
  schedule?: string;
  concurrency: 'Allow' | 'Forbid' | 'Replace';
  user: number;
  /** Writable emptyDirs (with /tmp) while the root filesystem is read-only. */
  writable: WritableDir[];
  /** Persistent volumes, sorted by name. */
  volumes: ResolvedVolume[];
  readOnlyRootFilesystem: boolean;
  serviceAccountToken: boolean;
  /** Readiness timeout for `up`, when the stack sets one. */
  timeout?: number;
  /** Components `slipway restart` restarts after this one (resolved names), when the stack names any. */
  restartWith?: string[];
  /** `slipway restart` refuses this component without --force. */
  protect?: true;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** An init script as the provisioning Job runs it. */
export interface ResolvedInitScript {
  /** What the run is recorded under in the database's slipway_init table. */
  name: string;
  /** Database it runs in. */
  database: string;
  /** Path as written in the stack, when it came from a file. */
  file?: string;
  text: string;
  /** Hex sha256 of `text`: the recorded version. */
  sha256: string;
  /** Run again although another version of it was recorded (`up --rerun-init <infra>/<name>`). */
  rerun?: true;
}

/** An Ingress routing a host and path to a named port of the component's Service (a service's, or an infra entry's HTTP port). */
export interface ResolvedIngress {
  host: string;
  path: string;
  /** The Service port's name. */
  port: string;
  tls?: { secretName: string };
  className?: string;
  annotations: Record<string, string>;
}

export interface ResolvedInfra {
  name: string;
  type: string;
  mode: 'internal' | 'external';
  image: string;
  version: string;
  /** How the pods pull their images (the stack's pull Secrets only for a mirror image). */
  pull: ImagePull;
  replicas: number;
  storage: string;
  storageClass?: string;
  resources: ResolvedResources;
  placement: Placement;
  disruption?: Budget;
  spread: boolean;
  /** Default database and user (the stack name unless set). */
  database: string;
  user: string;
  external?: ExternalSpec;
  /** `options:` as the stack sets them (checked against the entry's schema); entries see them with defaults filled in. */
  options?: Readonly<Record<string, unknown>>;
  /** Own databases requested by users of this server, sorted and unique. */
  databases: string[];
  /** Init scripts in the order written, when the stack has any. */
  init?: ResolvedInitScript[];
  /** `env:`, `args:` and `files:` as the stack sets them (internal only; catalog/infra-config.ts turns them into parts). */
  env?: Readonly<Record<string, string>>;
  args?: readonly string[];
  files?: Readonly<Record<string, string>>;
  /** Readiness timeout for `up`, when the stack sets one. */
  timeout?: number;
  /**
   * The connection to each infra entry this one connects to itself (CatalogEntry.dependsOn), by name, as that
   * entry hands it to its users: an external dependency's host and passwordSecret, not a Service slipway would make.
   */
  dependencies?: Readonly<Record<string, Connection>>;
  /** Components `slipway restart` restarts after this one (resolved names), when the stack names any. */
  restartWith?: string[];
  /** `slipway restart` refuses this component without --force. */
  protect?: true;
  /** An Ingress to one of the entry's HTTP ports (CatalogEntry.httpPorts), internal only. */
  ingress?: ResolvedIngress;
  /** observability.metrics scrapes this instance: its entry adds the metrics endpoint (CatalogEntry.metrics). */
  metrics?: true;
  /** observability.logs names this (fluent-bit) instance: the Loki it ships to, as Loki's users reach it. */
  logs?: { loki: string; endpoint: Connection };
}

export interface DependencyEdge {
  from: string;
  to: string;
  /** The user waits for the dependency before starting (an ordering edge); false = knows its address only. */
  wait: boolean;
}

export interface ResolvedStack {
  name: string;
  environment: string;
  namespace: string;
  context?: string;
  /** The cluster of a multi-cluster environment this resolution is for. */
  cluster?: string;
  profile: Profile;
  /** Services in apply order (dependencies first, ties by name). */
  services: ResolvedService[];
  infra: ResolvedInfra[];
  /** Secrets slipway generates for services (`secrets:` with `generate`); `shapes` only for keys that are not the default. */
  secrets: { name: string; keys: string[]; shapes?: Record<string, KeyShape> }[];
  /** Component names in apply order: infra and services together. */
  order: string[];
  edges: DependencyEdge[];
  /** NetworkPolicy settings, when the environment gets policies. */
  network?: ResolvedNetwork;
  /** The observability block, when the environment has one. */
  observability?: ResolvedObservability;
}

/** What a component runs as: a service kind from the stack, or an internal catalog instance. */
export type ComponentKind = ServiceKind | 'infra';

/**
 * What every deployed component has in common, services and internal infra alike. Cross-cutting generators
 * (ServiceAccount today; PDB, NetworkPolicy tomorrow) read only this, so they need one implementation.
 */
export interface ComponentBase {
  /** Object name of the workload and of the component's own objects. */
  readonly name: string;
  readonly component: ComponentKind;
  /** Labels on every object of the component. */
  readonly labels: Readonly<Record<string, string>>;
  /** The immutable subset that selects the component's pods. */
  readonly selector: Readonly<Record<string, string>>;
  /** Named ports the component's pods listen on. */
  readonly ports: readonly ResolvedPort[];
  /** Pods it runs; the floor when an autoscaler sets the count. */
  readonly replicas: number;
  /** The most pods it may run: replicas, or the autoscaler's max. */
  readonly maxReplicas: number;
  readonly placement: Placement;
  /** The PodDisruptionBudget bound, when the profile or the stack asks for one (written only for replicas > 1). */
  readonly disruption?: Budget;
  /** Spread replicated pods over zones and nodes. */
  readonly spread: boolean;
  /** Pull policy and Secrets of every container of the component's pods. */
  readonly pull: ImagePull;
}
