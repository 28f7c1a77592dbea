/**
 * OpenSearch from the official image opensearchproject/opensearch (opensearch-project/opensearch-build
 * docker/release/dockerfiles/opensearch.al2.dockerfile, docker/release/config/opensearch/{opensearch-docker-entrypoint-3.x.sh,
 * log4j2.properties}). The image runs as opensearch, UID/GID 1000 (`USER $UID`, ARG UID=1000); its entrypoint
 * refuses root, turns every dotted environment variable into an `-E` setting, logs to the console only, and with
 * the security plugin enabled and DISABLE_INSTALL_DEMO_CONFIG unset runs the plugin's install_demo_configuration.sh,
 * which writes TLS certificates and settings into the config directory and sets the `admin` password from
 * OPENSEARCH_INITIAL_ADMIN_PASSWORD (required since 2.12). The config directory is therefore an emptyDir seeded
 * from the image.
 *
 * The demo configuration's certificates are the same in every installation: TLS here encrypts, but does not
 * authenticate the server (clients use it like PGSSLMODE=require). The admin password is generated per instance.
 *
 * vm.max_map_count: OpenSearch's mmap store wants the node's vm.max_map_count ≥ 262144, which only a privileged
 * init container (forbidden under the restricted Pod Security Standard) or the node's own sysctl could set. The
 * documented alternative is node.store.allow_mmap=false (opensearch.org "Important settings"): the store uses NIO
 * instead of mmap, and the bootstrap check no longer applies. Slower on large indices; set the sysctl on the nodes
 * and drop it where that matters. One node only (discovery.type=single-node): a multi-node cluster needs its own
 * transport certificates, which the demo configuration cannot give.
 */
import type { ResolvedInfra } from '../model/resolved.js';
import { execProbe } from '../generate/probes.js';
import { volumeNameForPath } from '../generate/names.js';
import { k8sEnv } from '../generate/pod/env.js';
import { parseQuantity } from '../k8s/quantity.js';
import type { CatalogEntry } from './contract.js';
import { defineCatalogEntry } from './define.js';
import { credentialsSecret, endpoint, portProbe, serverObjects } from './common.js';
import { userConnection } from './user-connection.js';
import { waitContainer } from './wait.js';
import { runAs } from './image-user.js';

const PORT = 9200;
const HOME = '/usr/share/opensearch';
const CONFIG = `${HOME}/config`;
const CONFIG_SEED = '/mnt/config-seed';
const ADMIN = 'admin';

/**
 * curl with the credentials on stdin (`-K -`, a curl config), so the password is never on a command line; -k
 * because the demo certificate is self-signed. Exits non-zero on a 401 (-f) or no answer.
 */
export function healthCheck(host: string, port: number, userVar: string, passwordVar: string): string {
  return `printf 'user = "%s:%s"\\n' "$${userVar}" "$${passwordVar}" | curl -sfk -m 5 -K - -o /dev/null 'https://${host}:${port}/_cluster/health?local=true'`;
}

/** Ready: the node answers an authenticated cluster-health request (the security index is initialised and the admin password works). */
export const READY = ['sh', '-c', healthCheck('127.0.0.1', PORT, 'OPENSEARCH_USER', 'OPENSEARCH_INITIAL_ADMIN_PASSWORD')];

/** Half the memory limit for the heap (the rest is for Lucene's file cache), in MiB; the image's jvm.options says 1g. */
export function heapMiB(infra: ResolvedInfra): number {
  const q = parseQuantity(infra.resources.limits.memory);
  const mib = q ? Number(q.num / q.den / (1n << 20n)) : 1024;
  return Math.max(256, Math.floor(mib / 2));
}

export const opensearch: CatalogEntry = defineCatalogEntry({
  type: 'opensearch',
  description: 'OpenSearch search engine (official image), security plugin with a generated admin password, one node',
  image: 'opensearchproject/opensearch',
  defaultVersion: '3.8.0',
  port: PORT,
  env: { url: 'OPENSEARCH_URL', host: 'OPENSEARCH_HOST', port: 'OPENSEARCH_PORT', user: 'OPENSEARCH_USER', password: 'OPENSEARCH_PASSWORD' },
  alsoRecognizes: /(^|\/)opensearch$/,
  user: { uid: 1000, gid: 1000 },
  // A cluster authenticates its nodes to each other by transport certificates (plugins.security.nodes_dn); the
  // demo configuration's are the same in every installation, so any holder of them could join, and the image
  // brings no others. Real per-node certificates need a CA slipway does not run (cert-manager, or the operator's).
  replicasHint:
    'an OpenSearch cluster needs transport TLS certificates of its own for its nodes (the image\'s demo certificates are public, so any pod could join), which slipway does not issue: use an external (managed) OpenSearch, or the OpenSearch Kubernetes Operator with certificates from cert-manager',

  connection(infra, ctx) {
    const e = endpoint(infra, ctx, PORT);
    // Internally always HTTPS (the security plugin's HTTP TLS); external servers say with external.tls.
    const tls = infra.mode === 'internal' || e.tls;
    return userConnection(infra, { ...e, tls }, (user) => `${tls ? 'https' : 'http'}://${user}:{password}@${e.host}:${e.port}`, ADMIN);
  },

  internal(infra, ctx) {
    const secret = credentialsSecret(infra, ctx, ['password'], undefined, { user: ADMIN });
    const { uid, gid } = runAs(opensearch, infra.image);
    const heap = heapMiB(infra);
    return {
      secrets: [secret],
      objects: serverObjects(infra, ctx, {
        uid,
        gid,
        ports: [
          { name: 'http', port: PORT },
          { name: 'transport', port: 9300, peerOnly: true },
        ],
        dataPath: `${HOME}/data`,
        writable: [CONFIG, `${HOME}/logs`, '/tmp'],
        initContainers: [
          {
            // The demo installer edits opensearch.yml and adds certificates: the image's config copied into the emptyDir.
            name: 'seed-config',
            image: infra.image,
            command: ['sh', '-c', `cp -R ${CONFIG}/. ${CONFIG_SEED}/`],
            volumeMounts: [{ name: volumeNameForPath(CONFIG), mountPath: CONFIG_SEED }],
          },
        ],
        // A node flushes and closes its shards on SIGTERM.
        pod: { terminationGracePeriodSeconds: 120 },
        container: {
          name: 'opensearch',
          image: infra.image,
          env: k8sEnv([
            { name: 'discovery.type', value: 'single-node' },
            { name: 'node.store.allow_mmap', value: 'false' },
            { name: 'OPENSEARCH_JAVA_OPTS', value: `-Xms${heap}m -Xmx${heap}m` },
            { name: 'OPENSEARCH_INITIAL_ADMIN_PASSWORD', secret: { name: secret.name, key: 'password' } },
            { name: 'OPENSEARCH_USER', value: ADMIN },
            // The Performance Analyzer agent is a second JVM writing its own log file: off.
            { name: 'DISABLE_PERFORMANCE_ANALYZER_AGENT_CLI', value: 'true' },
          ]),
          startupProbe: execProbe(READY, { period: 10, timeout: 10, failureThreshold: 60 }),
          readinessProbe: execProbe(READY, { period: 10, timeout: 10 }),
          livenessProbe: portProbe('transport', undefined, { period: 20, failureThreshold: 6 }),
        },
      }),
    };
  },

  wait(infra, conn) {
    // The image's curl with the user's credentials: proves the password, not only the port.
    return waitContainer({
      target: infra.name,
      image: opensearch.clientImage(infra),
      check: conn.tls ? healthCheck(conn.host, conn.port, 'OPENSEARCH_USER', 'OPENSEARCH_PASSWORD') : healthCheck(conn.host, conn.port, 'OPENSEARCH_USER', 'OPENSEARCH_PASSWORD').replace("'https://", "'http://"),
      env: [{ name: 'OPENSEARCH_USER', value: conn.user ?? ADMIN }, ...(conn.password ? [{ name: 'OPENSEARCH_PASSWORD', secret: conn.password }] : [])],
    });
  },
});
