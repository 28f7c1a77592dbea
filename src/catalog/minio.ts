/**
 * MinIO object storage from the official image (https://hub.docker.com/r/minio/minio, minio/minio
 * {Dockerfile.release,dockerscripts/docker-entrypoint.sh}). The image declares no USER; its entrypoint only
 * prepends `minio` and execs (the user switch through MINIO_USERNAME is deprecated), and MinIO needs no root, so the
 * pods run as an unprivileged UID. The root credentials come from MINIO_ROOT_USER/MINIO_ROOT_PASSWORD; TLS material
 * would be read from ${HOME}/.minio/certs, which --certs-dir moves to scratch space (HOME is / for a UID without a
 * passwd entry).
 *
 * Replicas 4 run one distributed deployment (erasure-coded across the four volumes, server pool
 * `http://<name>-{0...3}.<headless>/data`), which keeps serving with one node down; MinIO's minimum is 4 drives.
 */
import type { ResolvedInfra } from '../model/resolved.js';
import { k8sEnv } from '../generate/pod/env.js';
import type { CatalogContext, CatalogEntry } from './contract.js';
import { defineCatalogEntry } from './define.js';
import { credentialsSecret, endpoint, headlessName, portProbe, serverObjects } from './common.js';
import { userConnection } from './user-connection.js';
import { BUSYBOX_IMAGE, tcpWait, waitContainer } from './wait.js';

const PORT = 9000;
const CONSOLE_PORT = 9001;
const DATA = '/data';
/** Readiness: the node can serve requests (cmd/healthcheck-router.go: /minio/health/ready); liveness is a TCP connect. */
export const READY_PATH = '/minio/health/ready';

function serverArgs(infra: ResolvedInfra, ctx: CatalogContext): string[] {
  const pool = infra.replicas > 1 ? `http://${infra.name}-{0...${infra.replicas - 1}}.${headlessName(infra)}.${ctx.namespace}.svc${DATA}` : DATA;
  return ['server', pool, '--address', `:${PORT}`, '--console-address', `:${CONSOLE_PORT}`, '--certs-dir', '/tmp/minio-certs'];
}

export const minio: CatalogEntry = defineCatalogEntry({
  type: 'minio',
  description: 'MinIO S3-compatible object storage (official image), root credentials from a generated Secret, distributed with 4 replicas',
  image: 'minio/minio',
  defaultVersion: 'RELEASE.2025-09-07T16-13-09Z',
  port: PORT,
  env: { url: 'S3_ENDPOINT_URL', host: 'MINIO_HOST', port: 'MINIO_PORT', user: 'AWS_ACCESS_KEY_ID', password: 'AWS_SECRET_ACCESS_KEY' },
  alsoRecognizes: /(^|\/)minio$/,
  maxReplicas: 4,
  // Erasure coding needs at least 4 drives; one drive per pod.
  replicaCounts: [1, 4],
  // The image declares no user; a high UID keeps clear of host users.
  user: { uid: 10001, gid: 10001 },

  connection(infra, ctx) {
    const e = endpoint(infra, ctx, PORT);
    // The S3 endpoint; the keys come from user and password (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY).
    return userConnection(infra, e, (user) => `${e.tls ? 'https' : 'http'}://${e.host}:${e.port}`);
  },

  internal(infra, ctx) {
    // MinIO wants a root user of at least 3 characters and a password of at least 8; generated passwords have 32.
    const secret = credentialsSecret(infra, ctx, ['password'], undefined, { user: infra.user });
    return {
      secrets: [secret],
      objects: serverObjects(infra, ctx, {
        uid: 10001,
        replicas: infra.replicas,
        ports: [
          { name: 's3', port: PORT },
          { name: 'console', port: CONSOLE_PORT },
        ],
        dataPath: DATA,
        writable: ['/tmp'],
        ...(infra.replicas > 1 ? { statefulSet: { podManagementPolicy: 'Parallel' } } : {}),
        container: {
          name: 'minio',
          image: infra.image,
          args: serverArgs(infra, ctx),
          env: k8sEnv([
            { name: 'MINIO_ROOT_USER', value: infra.user },
            { name: 'MINIO_ROOT_PASSWORD', secret: { name: secret.name, key: 'password' } },
          ]),
          startupProbe: portProbe('s3', '/minio/health/live', { period: 5, failureThreshold: 60 }),
          readinessProbe: portProbe('s3', READY_PATH, { period: 10 }),
          livenessProbe: portProbe('s3', undefined, { period: 20, failureThreshold: 6 }),
        },
      }),
    };
  },

  wait(infra, conn) {
    if (conn.tls) return tcpWait(infra.name, conn.host, conn.port);
    // S3 requests are signed (SigV4), which no shell client in a small image does: the wait asks the unauthenticated
    // readiness endpoint, which answers 200 once the node (and, distributed, its erasure set) serves requests.
    return waitContainer({ target: infra.name, image: BUSYBOX_IMAGE, check: `timeout 10 wget -q -O /dev/null http://${conn.host}:${conn.port}${READY_PATH}` });
  },
});
