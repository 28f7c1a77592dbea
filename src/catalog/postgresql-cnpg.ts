/**
 * PostgreSQL with replicas, run by the CloudNativePG operator (https://cloudnative-pg.io, module
 * github.com/cloudnative-pg/cloudnative-pg v1.28, api/v1 cluster_types.go): one `Cluster` resource; the operator
 * makes the instances, streaming replication, failover and the `<name>-rw` Service that always points at the
 * primary. slipway renders the resource, the credentials in the shape the operator reads, and the provisioning
 * Job for own databases, which talks to the primary through `<name>-rw`.
 *
 * The pods run the stack's own image: CloudNativePG accepts any image with initdb, postgres, pg_ctl,
 * pg_controldata and pg_basebackup on PATH and a locale (docs/src/container_images.md), which the official
 * `postgres` image has (its Dockerfile puts /usr/lib/postgresql/<major>/bin on PATH, LANG en_US.utf8); the
 * operator replaces the entrypoint with its instance manager. Its user is the image's (postgresUID/GID).
 */
import type { K8sObject } from '../k8s/object.js';
import type { ResolvedInfra } from '../model/resolved.js';
import { selectorLabels } from '../generate/labels.js';
import { metadata } from '../generate/objects.js';
import { k8sResources } from '../generate/resources.js';
import type { CatalogContext, CatalogOutput, OperatorRun } from './contract.js';
import { METRICS_PORT } from '../model/observability.js';
import { CNPG_METRICS_PORT } from './postgresql-metrics.js';
import { credentialsSecret, credentialsSecretName, databaseSecrets, infraLabels, placementSpec } from './common.js';

export const CNPG_API = 'postgresql.cnpg.io/v1';

/** Where the operator's own manifest installs it (releases/cnpg-1.28.0.yaml): namespace and pod labels. */
const OPERATOR: Omit<OperatorRun, 'ports'> = {
  namespace: 'cnpg-system',
  pods: { 'app.kubernetes.io/name': 'cloudnative-pg' },
  // The operator reaches every instance on the instance manager's status port and on PostgreSQL's
  // (docs/src/networking.md, "ensure the operator can reach every cluster pod on ports 8000 and 5432").
  reaches: [8000, 5432],
};

/** The Service CloudNativePG keeps pointed at the current primary (reads and writes). */
export function primaryServiceHost(infra: ResolvedInfra, ctx: CatalogContext): string {
  return `${infra.name}-rw.${ctx.namespace}.svc`;
}

export function superuserSecretName(infra: ResolvedInfra): string {
  return `${infra.name}-superuser-credentials`;
}

/** Own databases and init scripts need a superuser to create roles and databases: only then is it enabled. */
export function needsSuperuser(infra: ResolvedInfra): boolean {
  return infra.databases.length > 0 || (infra.init?.length ?? 0) > 0;
}

export interface CnpgSpec {
  port: number;
  uid: number;
  gid: number;
  /** Objects slipway adds beside the Cluster (the provisioning Job and its ConfigMaps). */
  extra: K8sObject[];
  /** Server settings (options.settings), written by the operator into postgresql.conf. */
  parameters: Record<string, string>;
  /** Size of /dev/shm (options.sharedMemory); the operator's own default otherwise. */
  shm?: string;
}

export function cnpgCluster(infra: ResolvedInfra, ctx: CatalogContext, s: CnpgSpec): CatalogOutput {
  // The operator reads `username` and `password` from a kubernetes.io/basic-auth Secret; `username` must equal
  // the owner, and `postgres` for the superuser (docs/src/bootstrap.md, "initdb"). database/user stay for users.
  const app = { ...credentialsSecret(infra, ctx, ['password'], undefined, { database: infra.database, user: infra.user, username: infra.user }), type: 'kubernetes.io/basic-auth' };
  const superuser = needsSuperuser(infra) ? [{ ...credentialsSecret(infra, ctx, ['password'], undefined, { username: 'postgres' }), name: superuserSecretName(infra), type: 'kubernetes.io/basic-auth' }] : [];
  const labels = infraLabels(infra, ctx);
  const cluster: K8sObject = {
    apiVersion: CNPG_API,
    kind: 'Cluster',
    metadata: metadata({ name: infra.name, namespace: ctx.namespace, labels }),
    spec: {
      instances: infra.replicas,
      imageName: infra.image,
      // How the operator's pods pull (generate/image-pull.ts writes this onto slipway's own pod templates).
      ...(infra.pull.policy ? { imagePullPolicy: infra.pull.policy } : {}),
      ...(infra.pull.secrets.length ? { imagePullSecrets: infra.pull.secrets.map((name) => ({ name })) } : {}),
      postgresUID: s.uid,
      postgresGID: s.gid,
      bootstrap: { initdb: { database: infra.database, owner: infra.user, secret: { name: credentialsSecretName(infra) } } },
      ...(superuser.length ? { enableSuperuserAccess: true, superuserSecret: { name: superuser[0]!.name } } : {}),
      storage: { size: infra.storage, ...(infra.storageClass ? { storageClass: infra.storageClass } : {}) },
      resources: k8sResources(infra.resources),
      ...(Object.keys(s.parameters).length ? { postgresql: { parameters: s.parameters } } : {}),
      ...(s.shm ? { ephemeralVolumesSizeLimit: { shm: s.shm } } : {}),
      // The instance's selector labels on every pod the operator makes, so the stack's network policies
      // (and `slipway logs`) find them; no ownership labels, so slipway never prunes the operator's objects.
      inheritedMetadata: { labels: selectorLabels({ stack: ctx.stack, environment: ctx.environment }, infra.name) },
      // Instances on different nodes: a node failure then costs one replica, never the primary and its standby.
      affinity: { enablePodAntiAffinity: true, podAntiAffinityType: infra.spread ? 'required' : 'preferred', topologyKey: 'kubernetes.io/hostname', ...placementSpec(infra) },
    },
  };
  return {
    secrets: [app, ...superuser, ...databaseSecrets(infra, ctx)],
    objects: [cluster, ...s.extra],
    // A scraped cluster's instances serve metrics too (postgresql-metrics.ts): named, so policies let only the scraper in.
    operator: { ...OPERATOR, ports: [{ name: 'postgresql', port: s.port }, ...(infra.metrics ? [{ name: METRICS_PORT, port: CNPG_METRICS_PORT }] : [])] },
  };
}
