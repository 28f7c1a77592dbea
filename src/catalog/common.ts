/** Pieces every internal catalog entry shares: names, labels, the credentials Secret, the host name, the workload builders. */
import type { V1Probe } from '@kubernetes/client-node';
import { generatedLabels } from '../model/ownership.js';
import type { K8sObject } from '../k8s/object.js';
import type { Connection, EnvVar, ResolvedInfra, ResolvedProbe, ResolvedResources, SecretRef } from '../model/resolved.js';
import { componentLabels, selectorLabels } from '../generate/labels.js';
import { fitName, shortHash } from '../generate/names.js';
import { configMap, metadata, service, volumeClaimTemplate } from '../generate/objects.js';
import { k8sProbe } from '../generate/probes.js';
import { k8sResources } from '../generate/resources.js';
import { containerSecurityContext, podSecurityContext } from '../generate/security.js';
import { emptyDirs, type VolumeSet } from '../generate/volumes.js';
import type { CatalogContext, Container, GeneratedSecret, MetricsEndpoint } from './contract.js';
import { withMetricsPort } from './metrics-endpoint.js';
import { k8sEnv } from '../generate/pod/env.js';
import { pullIsSet } from '../model/image-pull.js';
import { initMount } from './init-scripts.js';

/** In-cluster DNS name of the client Service. */
export function serviceHost(infra: ResolvedInfra, ctx: CatalogContext): string {
  return `${infra.name}.${ctx.namespace}.svc`;
}

/** Stable DNS name of StatefulSet pod `ordinal` behind the headless Service. */
export function podHost(infra: ResolvedInfra, ctx: CatalogContext, ordinal: number | string): string {
  return `${infra.name}-${ordinal}.${headlessName(infra)}.${ctx.namespace}.svc`;
}

export function headlessName(infra: ResolvedInfra): string {
  return `${infra.name}-headless`;
}

export function infraLabels(infra: ResolvedInfra, ctx: CatalogContext): Record<string, string> {
  return componentLabels({ stack: ctx.stack, environment: ctx.environment }, infra.name, infra.type, infra.image);
}

/** Name of the generated Secret holding an internal instance's admin credentials. */
export function credentialsSecretName(infra: ResolvedInfra, database?: string): string {
  return database ? `${infra.name}-${database.replace(/_/g, '-')}-credentials` : `${infra.name}-credentials`;
}

export function credentialsSecret(infra: ResolvedInfra, ctx: CatalogContext, keys: string[], database?: string, fixed?: Record<string, string>): GeneratedSecret {
  return {
    name: credentialsSecretName(infra, database),
    namespace: ctx.namespace,
    labels: { ...infraLabels(infra, ctx), ...generatedLabels(ctx) },
    keys,
    ...(fixed ? { fixed } : {}),
  };
}

/** The password Secret of an internal instance or the user's existing one for an external instance. */
export function passwordRef(infra: ResolvedInfra, database?: string): SecretRef {
  if (infra.mode === 'external') {
    const ref = infra.external?.passwordSecret;
    return { name: ref?.name ?? `${infra.name}-password`, key: ref?.key ?? 'password' };
  }
  return { name: credentialsSecretName(infra, database), key: 'password' };
}

/** nodeSelector/tolerations of an infra entry, only when set. */
export function placementSpec(infra: ResolvedInfra): Record<string, unknown> {
  return {
    ...(Object.keys(infra.placement.nodeSelector).length ? { nodeSelector: infra.placement.nodeSelector } : {}),
    ...(infra.placement.tolerations.length ? { tolerations: infra.placement.tolerations } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Builders shared by the internal entries: the StatefulSet with its two Services, the provisioning Job for
// own databases, and the connection shape of SQL servers.
// ---------------------------------------------------------------------------------------------------------

/** Host, port and TLS of the client endpoint: the client Service (internal) or `external.host/port`. */
export function endpoint(infra: ResolvedInfra, ctx: CatalogContext, defaultPort: number): { host: string; port: number; tls: boolean } {
  if (infra.mode === 'external') return { host: infra.external?.host ?? '', port: infra.external?.port ?? defaultPort, tls: infra.external?.tls ?? false };
  return { host: serviceHost(infra, ctx), port: defaultPort, tls: false };
}

/** `text` as one POSIX sh word. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** httpGet (with `path`) or tcpSocket probe on a named container port. */
export function portProbe(port: string, path?: string, timing: Partial<Omit<ResolvedProbe, 'exec' | 'http' | 'tcp' | 'port'>> = {}): V1Probe {
  return k8sProbe({ ...(path ? { http: path } : { tcp: true }), port, initialDelay: 0, period: 10, timeout: 5, failureThreshold: 3, ...timing });
}

export interface ServerPort {
  /** Port name (≤ 15 chars): container port, Service port and targetPort. */
  name: string;
  port: number;
  /** Only on the headless Service (peer traffic such as Kafka's controller quorum), not on the client Service. */
  peerOnly?: boolean;
  /** Served by a sidecar, which declares the container port itself; the Services still carry it. */
  sidecar?: boolean;
}

export interface ServerSpec {
  /** The server container; ports, resources, securityContext and volumeMounts are filled in here. */
  container: Container;
  /** UID/GID the image's own user has; also the fsGroup of the data volume. */
  uid: number;
  gid?: number;
  ports: ServerPort[];
  /** Where the `data` volumeClaimTemplate is mounted; none for a server that keeps nothing on disk (a cache). */
  dataPath?: string;
  /** Every path the image writes outside the data volume: emptyDirs under the read-only root filesystem. */
  writable: string[];
  /** Volumes beyond `data` and the emptyDirs (e.g. a memory-backed /dev/shm). */
  extra?: VolumeSet;
  /** Init containers; resources and securityContext default to the server's. */
  initContainers?: Container[];
  /** Containers beside the server (a Redis Sentinel); securityContext defaults to the server's. */
  sidecars?: Container[];
  replicas?: number;
  /** Extra StatefulSet spec fields (e.g. podManagementPolicy). */
  statefulSet?: Record<string, unknown>;
  /** Extra pod spec fields (e.g. terminationGracePeriodSeconds). */
  pod?: Record<string, unknown>;
  /** The entry's metrics endpoint (CatalogEntry.metrics); rendered only when observability scrapes the instance. */
  metrics?: MetricsEndpoint;
}

/** Client Service, headless Service and StatefulSet of an internal server, hardened the same way for every entry. */
export function serverObjects(infra: ResolvedInfra, ctx: CatalogContext, s: ServerSpec): K8sObject[] {
  const labels = infraLabels(infra, ctx);
  const selector = selectorLabels({ stack: ctx.stack, environment: ctx.environment }, infra.name);
  const meta = (name: string) => ({ name, namespace: ctx.namespace, labels });
  const svcPorts = (ports: ServerPort[]) => ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.name }));
  const metrics = infra.metrics ? s.metrics : undefined;
  const ports = withMetricsPort(s.ports, metrics);
  const gid = s.gid ?? s.uid;
  const scratch = emptyDirs(s.writable);
  const scratchVolumes = [...scratch.volumes, ...(s.extra?.volumes ?? [])];
  const hardened = { resources: k8sResources(infra.resources), securityContext: containerSecurityContext(s.uid, gid) };
  // volumeClaimTemplates are immutable: keep the version label off them so a version bump stays an update.
  const { 'app.kubernetes.io/version': _version, ...claimLabels } = labels;
  const server: Container = {
    ...s.container,
    ...hardened,
    resources: k8sResources(infra.resources, scratchVolumes),
    ports: ports.filter((p) => !p.sidecar).map((p) => ({ containerPort: p.port, name: p.name, protocol: 'TCP' })),
    volumeMounts: [...(s.dataPath ? [{ name: 'data', mountPath: s.dataPath }] : []), ...scratch.mounts, ...(s.extra?.mounts ?? [])],
  };
  return [
    service(meta(infra.name), selector, svcPorts(ports.filter((p) => !p.peerOnly))),
    // Peers resolve each other's pod names before they are Ready (a Kafka quorum needs this to form at all).
    service(meta(headlessName(infra)), selector, svcPorts(ports), { headless: true, publishNotReady: true }),
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: metadata(meta(infra.name)),
      spec: {
        ...s.statefulSet,
        replicas: s.replicas ?? 1,
        selector: { matchLabels: selector },
        serviceName: headlessName(infra),
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            containers: [server, ...(s.sidecars ?? []).map((c) => ({ securityContext: hardened.securityContext, ...c })), ...(metrics?.exporter ? [metrics.exporter] : [])],
            // Service links would inject e.g. KAFKA_PORT=tcp://… for a Service named kafka, and images that turn
            // every KAFKA_*/MYSQL_* variable into configuration would pick it up.
            enableServiceLinks: false,
            ...(s.initContainers?.length ? { initContainers: s.initContainers.map((c) => ({ ...hardened, ...c })) } : {}),
            ...placementSpec(infra),
            ...s.pod,
            securityContext: podSecurityContext(s.uid, gid),
            serviceAccountName: infra.name,
            volumes: [...scratch.volumes, ...(s.extra?.volumes ?? [])],
          },
        },
        ...(s.dataPath ? { volumeClaimTemplates: [volumeClaimTemplate('data', claimLabels, infra.storage, infra.storageClass)] } : {}),
      },
    },
  ];
}

/** Generated Secrets of the own databases: one user per database, named like it. */
export function databaseSecrets(infra: ResolvedInfra, ctx: CatalogContext): GeneratedSecret[] {
  return infra.databases.map((d) => credentialsSecret(infra, ctx, ['password'], d, { database: d, user: d }));
}

/** Env var that carries the password of own database number `i` into the provisioning Job. */
export function databasePasswordEnv(i: number): string {
  return `DB_PASSWORD_${i}`;
}

/** The Job's name carries a hash of its pod: a changed database list or script is a new Job, an unchanged one a no-op apply. */
export function provisionJobName(infra: ResolvedInfra, p: ProvisionSpec): string {
  // Job pod templates are immutable: anything that changes the pod (the database list, the image, how it is
  // pulled: generate/image-pull.ts writes that onto the template; the script, its user and env) changes the name.
  // A changed script thus runs once more against the existing databases, which it is written to allow.
  return fitName([infra.name, 'provision', shortHash(JSON.stringify([infra.databases, infra.image, ...(pullIsSet(infra.pull) ? [infra.pull] : []), p]))]);
}

export interface ProvisionSpec {
  image: string;
  uid: number;
  /** @default uid */
  gid?: number;
  /** POSIX sh script: waits for the server, then creates users and databases idempotently and runs the init scripts. */
  script: string;
  /** Admin credentials and connection settings; `databasePasswordEnv(i)` for each own database is added here. */
  env: EnvVar[];
  /** The pod's ServiceAccount, when not the instance's own (an operator owns that one). @default infra.name */
  serviceAccount?: string;
}

/** A provisioning Job's container: a SQL client running a short script; its /tmp is added to the storage limit. */
const PROVISION_RESOURCES: ResolvedResources = { limits: { cpu: '500m', memory: '256Mi', ephemeral: '64Mi' }, requests: { cpu: '50m', memory: '64Mi', ephemeral: '16Mi' } };

/** Job that creates the own databases of an internal SQL server and runs its init scripts; safe to re-run. */
export function provisionJob(infra: ResolvedInfra, ctx: CatalogContext, p: ProvisionSpec): K8sObject {
  const labels = infraLabels(infra, ctx);
  // The Job's pod must not carry the server's selector labels, or the Services would route clients to it.
  const podLabels = { ...labels, 'app.kubernetes.io/name': fitName([infra.name, 'provision']) };
  const scratch = emptyDirs(['/tmp']);
  const passwords = infra.databases.map((d, i): EnvVar => ({ name: databasePasswordEnv(i), secret: passwordRef(infra, d) }));
  const init = initMount(infra);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: metadata({ name: provisionJobName(infra, p), namespace: ctx.namespace, labels }),
    spec: {
      // Retries cover a server that is still initialising; ttlSecondsAfterFinished stays unset so the finished Job
      // remains and re-applying the same name changes nothing.
      backoffLimit: 10,
      template: {
        metadata: { labels: podLabels },
        spec: {
          automountServiceAccountToken: false,
          containers: [
            {
              name: 'provision',
              image: p.image,
              command: ['sh', '-c', p.script],
              env: k8sEnv([...p.env, ...passwords, ...init.env]),
              resources: k8sResources(PROVISION_RESOURCES, scratch.volumes),
              securityContext: containerSecurityContext(p.uid, p.gid ?? p.uid),
              volumeMounts: [...scratch.mounts, ...init.mounts],
            },
          ],
          enableServiceLinks: false,
          ...placementSpec(infra),
          restartPolicy: 'OnFailure',
          securityContext: podSecurityContext(p.uid, p.gid ?? p.uid),
          serviceAccountName: p.serviceAccount ?? infra.name,
          volumes: [...scratch.volumes, ...init.volumes],
        },
      },
    },
  };
}

/** Shell loop (for a provisioning Job) that retries `check` for about five minutes, then fails the attempt. */
export function retryLoop(check: string, what: string): string {
  return `i=0; until ${check}; do i=$((i+1)); [ "$i" -lt 150 ] || { echo "${what} not reachable" >&2; exit 1; }; sleep 2; done`;
}

/** Default env var names of the SQL servers' connection keys. */
export const SQL_ENV: Readonly<Record<string, string>> = { url: 'DATABASE_URL', host: 'DATABASE_HOST', port: 'DATABASE_PORT', database: 'DATABASE_NAME', user: 'DATABASE_USER', password: 'DATABASE_PASSWORD' };

/**
 * Connection of a SQL server (postgresql, mysql). With `database`, an internal server gives the user its own
 * database, user and generated password; an external one only switches the database name.
 */
export function sqlConnection(
  infra: ResolvedInfra,
  ctx: CatalogContext,
  database: string | undefined,
  port: number,
  url: (c: { host: string; port: number; user: string; database: string; tls: boolean }) => string,
  internalHost?: string,
): Connection {
  const e = internalHost && infra.mode === 'internal' ? { host: internalHost, port, tls: false } : endpoint(infra, ctx, port);
  const own = infra.mode === 'internal' && database !== undefined;
  const db = database ?? infra.database;
  const user = own ? db : infra.user;
  return {
    host: e.host,
    port: e.port,
    tls: e.tls,
    database: db,
    user,
    password: passwordRef(infra, own ? db : undefined),
    values: { host: e.host, port: String(e.port), database: db, user },
    url: url({ host: e.host, port: e.port, user, database: db, tls: e.tls }),
  };
}

/**
 * The configuration slipway generates for a server, in a ConfigMap whose name carries a hash of it (a change rolls
 * the pods: the pod template names another ConfigMap), mounted read-only at `dir`. Nothing when the stack's own
 * `files:` replace it (`content` undefined).
 */
export function generatedConfig(infra: ResolvedInfra, ctx: CatalogContext, dir: string, file: string, content: string | undefined): { objects: K8sObject[]; extra?: VolumeSet } {
  if (content === undefined) return { objects: [] };
  const config = configMap({ name: fitName([infra.name, 'config', shortHash(content, 8)]), namespace: ctx.namespace, labels: infraLabels(infra, ctx) }, { [file]: content });
  return { objects: [config], extra: { volumes: [{ name: 'config', configMap: { name: config.metadata.name } }], mounts: [{ name: 'config', mountPath: dir, readOnly: true }] } };
}
