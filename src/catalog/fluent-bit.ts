/**
 * Fluent Bit as the stack's log agent: a DaemonSet, one pod per node, tailing the app namespace's container logs
 * (fluent/fluent-bit dockerfiles/Dockerfile: distroless cc-debian13, no USER line so it runs as UID 0, ENTRYPOINT
 * /fluent-bit/bin/fluent-bit, CMD -c /fluent-bit/etc/fluent-bit.conf, EXPOSE 2020).
 *
 * Reading node log files needs hostPath volumes, which only the `privileged` Pod Security level admits, and the
 * files are root's (0640 root:root with containerd and Docker), which forbids a non-root UID. So the agent runs in
 * a namespace of its own (`<app namespace>-logs`, options.namespace) enforcing `privileged`, while the app
 * namespace stays `restricted`. Everything else the baseline level asks still holds: no privileged container, no
 * host network/PID/IPC, every capability dropped, no privilege escalation, a read-only root filesystem, read-only
 * log mounts. The only writable host path is the agent's own state directory (tail offsets and the output buffer),
 * one per agent namespace so two stacks on a node never share a database.
 *
 * Objects beyond the DaemonSet: the Namespace, the generated configuration, and a Role + RoleBinding in the app
 * namespace letting the agent's ServiceAccount read that namespace's pods (the kubernetes filter's metadata). No
 * ClusterRole, no PriorityClass: nothing cluster-scoped but the Namespace.
 */
import { Type } from '@sinclair/typebox';
import { stringify } from 'yaml';
import { ownerLabels } from '../model/ownership.js';
import type { Connection, ResolvedInfra } from '../model/resolved.js';
import type { K8sObject } from '../k8s/object.js';
import { k8sResources } from '../generate/resources.js';
import { metadata } from '../generate/objects.js';
import { selectorLabels } from '../generate/labels.js';
import type { CatalogContext, CatalogEntry } from './contract.js';
import { defineCatalogEntry, type InfraOf } from './define.js';
import { generatedConfig, infraLabels, placementSpec, portProbe } from './common.js';
import { filePath } from './infra-config.js';
import { BROKERS_ENV, CONTAINER_LOGS, fluentBitConfig, HEALTH_PATH, HTTP_PORT, kafkaBrokers, POD_LOGS, STATE_DIR } from './fluent-bit-config.js';
import { tcpWait } from './wait.js';
import { IGNORE_ANNOTATION_PREFIX } from '../lint/ignores.js';
import { PROTECTED_NAMESPACES } from '../plan/namespace.js';

const CONFIG_DIR = '/fluent-bit/etc';
const CONFIG_PATH = `${CONFIG_DIR}/fluent-bit.conf`;
const GENERATED_DIR = `${CONFIG_DIR}/slipway`;
/** The node directory holding each agent namespace's state (tail offsets, buffered chunks). */
export const HOST_STATE_ROOT = '/var/lib/slipway-fluent-bit';
/** Pod Security Standards labels (kubernetes.io/docs/concepts/security/pod-security-admission). */
const PSA = 'pod-security.kubernetes.io';

const Options = Type.Object(
  {
    namespace: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
        maxLength: 63,
        description: 'The namespace the agent runs in (at the privileged Pod Security level; slipway creates it and refuses one it did not create). @default <app namespace>-logs',
      }),
    ),
    kafka: Type.Optional(
      Type.Object(
        {
          entry: Type.String({ minLength: 1, description: 'Infra entry (type kafka) the logs are written to' }),
          topic: Type.String({ pattern: '^[a-zA-Z0-9._-]{1,249}$', errorMessage: 'must be a Kafka topic name: letters, digits, ., _ and -, at most 249 characters', description: 'Kafka topic the logs go to (one JSON record per line)' }),
        },
        { additionalProperties: false, description: 'Also (or only) ship the logs to a Kafka topic, e.g. for ClickHouse to read' },
      ),
    ),
  },
  { additionalProperties: false },
);

type Agent = InfraOf<typeof Options>;

/** The agent's namespace: options.namespace, else the app namespace with `-logs`. */
export function agentNamespace(infra: Pick<ResolvedInfra, 'options'>, appNamespace: string): string {
  const named = infra.options?.['namespace'];
  return typeof named === 'string' ? named : `${appNamespace}-logs`;
}

/** The Kafka output's connection, as resolve handed it (ResolvedInfra.dependencies). */
function kafkaOf(infra: Agent): { connection: Connection; topic: string } | undefined {
  const k = infra.options.kafka;
  const connection = k ? infra.dependencies?.[k.entry] : undefined;
  return k && connection ? { connection, topic: k.topic } : undefined;
}

/**
 * The agent's own Namespace: owned by slipway like the app's, privileged because of the hostPath volumes, and
 * auditing/warning at baseline so what the agent needs beyond baseline stays visible.
 */
function namespaceObject(name: string, ctx: CatalogContext): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { ...ownerLabels(ctx), [`${PSA}/enforce`]: 'privileged', [`${PSA}/audit`]: 'baseline', [`${PSA}/warn`]: 'baseline' } },
  };
}

/** Read access to the app namespace's pods for the agent's ServiceAccount: the kubernetes filter GETs each pod. */
function podReader(infra: Agent, ctx: CatalogContext, namespace: string): K8sObject[] {
  const name = `${infra.name}-read-pods`;
  const labels = infraLabels(infra, ctx);
  return [
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: metadata({ name, namespace: ctx.namespace, labels }), rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: metadata({ name, namespace: ctx.namespace, labels }),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name: infra.name, namespace }],
    },
  ];
}

const LINT_REASONS: Record<string, string> = {
  [`${IGNORE_ANNOTATION_PREFIX}host-path-volume`]: 'a log agent reads the node log files; it runs in a privileged namespace of its own, the log directories read-only',
  [`${IGNORE_ANNOTATION_PREFIX}run-as-root`]: 'node log files are 0640 root:root; the agent runs as root with every capability dropped and a read-only root filesystem',
  [`${IGNORE_ANNOTATION_PREFIX}service-account-token`]: "the kubernetes filter reads the app namespace's pods from the API server with this token (a Role: get pods)",
};

function daemonSet(infra: Agent, ctx: CatalogContext, namespace: string, configArg: string, extra: { volumes: unknown[]; mounts: unknown[] }, env: { name: string; value: string }[]): K8sObject {
  const labels = infraLabels(infra, ctx);
  const hostPath = (name: string, path: string, type?: string) => ({ name, hostPath: { path, ...(type ? { type } : {}) } });
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: metadata({ name: infra.name, namespace, labels }),
    spec: {
      selector: { matchLabels: selectorLabels(ctx, infra.name) },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: {
        // What slipway's lint (and a platform team's) flags here is the point of the agent: said once, with why.
        metadata: { labels, annotations: LINT_REASONS },
        spec: {
          // The kubernetes filter authenticates to the API server with the pod's token.
          automountServiceAccountToken: true,
          containers: [
            {
              name: 'fluent-bit',
              image: infra.image,
              args: ['-c', configArg],
              ...(env.length ? { env } : {}),
              ports: [{ containerPort: HTTP_PORT, name: 'http', protocol: 'TCP' }],
              resources: k8sResources(infra.resources),
              // /api/v1/health turns unhealthy after repeated output errors: the pod leaves readiness (and `up` says
              // so) but is not restarted, which would not bring a missing Loki or Kafka back.
              startupProbe: portProbe('http', HEALTH_PATH, { period: 5, failureThreshold: 24 }),
              readinessProbe: portProbe('http', HEALTH_PATH, { period: 10 }),
              livenessProbe: portProbe('http', undefined, { period: 20, failureThreshold: 6 }),
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
                privileged: false,
                readOnlyRootFilesystem: true,
                // Root because the node's log files are 0640 root:root; without capabilities root reads only what
                // plain file permissions give it.
                runAsGroup: 0,
                runAsNonRoot: false,
                runAsUser: 0,
              },
              volumeMounts: [
                { name: 'pod-logs', mountPath: POD_LOGS, readOnly: true },
                { name: 'container-logs', mountPath: CONTAINER_LOGS, readOnly: true },
                { name: 'state', mountPath: STATE_DIR },
                ...extra.mounts,
              ],
            },
          ],
          enableServiceLinks: false,
          ...placementSpec(infra),
          securityContext: { runAsGroup: 0, runAsNonRoot: false, runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } },
          serviceAccountName: infra.name,
          // Gives the last chunks time to reach the output on a rolling update.
          terminationGracePeriodSeconds: 30,
          volumes: [
            hostPath('pod-logs', POD_LOGS),
            hostPath('container-logs', CONTAINER_LOGS),
            // Offsets survive a restart or an update of the agent: neither re-shipping every file nor skipping what
            // was written meanwhile. One directory per agent namespace: two stacks never share a tail database.
            hostPath('state', `${HOST_STATE_ROOT}/${namespace}`, 'DirectoryOrCreate'),
            ...extra.volumes,
          ],
        },
      },
    },
  };
}

export const fluentBit: CatalogEntry = defineCatalogEntry({
  type: 'fluent-bit',
  description: 'Fluent Bit log agent (DaemonSet, official image) in a privileged namespace of its own: the app namespace\'s container logs to Loki and/or Kafka',
  image: 'fluent/fluent-bit',
  defaultVersion: '5.1.1',
  port: HTTP_PORT,
  env: {},
  needsPassword: false,
  // One pod per node: a tail input and two outputs need little; the memory limit leaves room for mem_buf_limit (16MB)
  // and the backlog (16M) over the binary's own.
  resources: { requests: { cpu: '50m', memory: '64Mi', ephemeral: '64Mi' }, limits: { cpu: '500m', memory: '256Mi', ephemeral: '256Mi' } },
  internalOnly: 'the agent reads the log files of the nodes this stack runs on; there is no external one to point at',
  user: { uid: 0, gid: 0 },
  options: Options,
  configDir: CONFIG_DIR,
  alsoRecognizes: /(^|\/)fluent-bit$/,

  checkOptions(options) {
    const ns = options.namespace;
    return ns !== undefined && PROTECTED_NAMESPACES.includes(ns) ? [{ path: ['namespace'], message: `the log agent does not run in the system namespace ${ns}`, hint: 'leave namespace out (<namespace>-logs) or name one of your own' }] : [];
  },

  dependsOn(infra) {
    return [
      // No wait: the agent buffers on the node and retries until its outputs answer.
      ...(infra.options.kafka ? [{ name: infra.options.kafka.entry, type: 'kafka', path: ['options', 'kafka', 'entry'], wait: false }] : []),
      ...(infra.logs ? [{ name: infra.logs.loki, type: 'loki', path: ['observability', 'logs'], wait: false }] : []),
    ];
  },

  connection(infra, ctx): Connection {
    // Nothing connects to an agent; its HTTP server is the only endpoint it has.
    const host = `${infra.name}.${agentNamespace(infra, ctx.namespace)}.svc`;
    return { host, port: HTTP_PORT, tls: false, values: { host, port: String(HTTP_PORT) } };
  },

  internal(infra, ctx) {
    const namespace = agentNamespace(infra, ctx.namespace);
    const user = Object.keys(infra.files ?? {}).some((k) => filePath(k, CONFIG_DIR) === CONFIG_PATH);
    const kafka = kafkaOf(infra);
    const own = user ? undefined : stringify(fluentBitConfig(ctx.namespace, { ...(infra.logs ? { loki: infra.logs.endpoint } : {}), ...(kafka ? { kafka } : {}) }));
    const config = generatedConfig(infra, { ...ctx, namespace }, GENERATED_DIR, 'fluent-bit.yaml', own);
    const extra = { volumes: config.extra?.volumes ?? [], mounts: config.extra?.mounts ?? [] };
    return {
      secrets: [],
      namespace,
      objects: [namespaceObject(namespace, ctx), ...config.objects, ...podReader(infra, ctx, namespace), daemonSet(infra, ctx, namespace, config.extra ? `${GENERATED_DIR}/fluent-bit.yaml` : CONFIG_PATH, extra, kafka ? [{ name: BROKERS_ENV, value: kafkaBrokers(kafka) }] : [])],
    };
  },

  wait: (infra, conn) => tcpWait(infra.name, conn.host, conn.port),
});
