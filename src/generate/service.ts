/** Objects for one stack service: ServiceAccount, config, workload by kind, Service, Ingress, wait RBAC. */
import type { CatalogContext, Container } from '../catalog/contract.js';
import { catalogEntry } from '../catalog/registry.js';
import { k8sEnv, tcpWait, WAIT_UID } from '../catalog/wait.js';
import type { K8sObject } from '../k8s/object.js';
import type { ResolvedInfra, ResolvedService, ResolvedStack, ResolvedUse } from '../model/resolved.js';
import { componentLabels, labelValue, selectorLabels } from './labels.js';
import { fitName, shortHash } from './names.js';
import { configMap, metadata, service, serviceAccount, type Meta } from './objects.js';
import { k8sProbe } from './probes.js';
import { k8sResources } from './resources.js';
import { containerSecurityContext, podSecurityContext } from './security.js';
import { emptyDirs } from './volumes.js';

/** Image used to wait for a pre-start Job; the kubectl release image matches our target Kubernetes minor. */
export const KUBECTL_IMAGE = 'registry.k8s.io/kubectl:v1.34.2';

export interface ServiceContext extends CatalogContext {
  infra: ReadonlyMap<string, ResolvedInfra>;
  /** Object names of Jobs, by component name (they carry a hash of their spec). */
  jobNames: ReadonlyMap<string, string>;
}

function waitFor(use: ResolvedUse, ctx: ServiceContext): Container | undefined {
  if (!use.wait) return undefined;
  if (use.targetKind === 'job') {
    const job = ctx.jobNames.get(use.target) ?? use.target;
    return {
      name: `wait-${use.target}`,
      image: KUBECTL_IMAGE,
      // No shell in this image: if the Job does not exist yet, kubectl exits non-zero and the kubelet retries.
      command: ['kubectl', 'wait', '--for=condition=complete', `job/${job}`, '--timeout=600s'],
      resources: { limits: { cpu: '100m', memory: '64Mi' }, requests: { cpu: '10m', memory: '32Mi' } },
      securityContext: containerSecurityContext(WAIT_UID),
    };
  }
  if (use.targetKind === 'service') return tcpWait(use.target, use.connection.host, use.connection.port);
  const infra = ctx.infra.get(use.target);
  const entry = infra && catalogEntry(infra.type);
  return infra && entry ? entry.wait(infra, use.connection, ctx) : undefined;
}

/** Pod template shared by every workload kind. */
function podTemplate(s: ResolvedService, ctx: ServiceContext, labels: Record<string, string>, restartPolicy?: string): Record<string, unknown> {
  const scratch = s.readOnlyRootFilesystem ? emptyDirs(s.writable) : { volumes: [], mounts: [] };
  const waits = s.uses.map((u) => waitFor(u, ctx)).filter((c): c is Container => c !== undefined);
  const needsToken = s.serviceAccountToken || s.uses.some((u) => u.targetKind === 'job' && u.wait);
  const filesMap = `${s.name}-files`;
  const container: Record<string, unknown> = {
    name: s.base,
    image: s.image,
    ...(s.command ? { command: s.command } : {}),
    ...(s.args ? { args: s.args } : {}),
    ...(s.workingDir ? { workingDir: s.workingDir } : {}),
    ...(s.env.length ? { env: k8sEnv(s.env) } : {}),
    ...(s.ports.length ? { ports: s.ports.map((p) => ({ containerPort: p.port, name: p.name, protocol: p.protocol })) } : {}),
    ...(s.health.liveness ? { livenessProbe: k8sProbe(s.health.liveness) } : {}),
    ...(s.health.readiness ? { readinessProbe: k8sProbe(s.health.readiness) } : {}),
    ...(s.health.startup ? { startupProbe: k8sProbe(s.health.startup) } : {}),
    resources: k8sResources(s.resources),
    securityContext: containerSecurityContext(s.user, s.user, s.readOnlyRootFilesystem),
    volumeMounts: [...s.files.map((f) => ({ mountPath: f.path, name: 'files', readOnly: true, subPath: f.key })), ...scratch.mounts],
  };
  const annotations: Record<string, string> = { ...s.annotations };
  // Files are mounted with subPath, which never updates in place; a hash of their content rolls the pods instead.
  if (s.files.length) annotations['slipway.dev/config-hash'] = shortHash(JSON.stringify(s.files), 16);
  return {
    metadata: { labels, ...(Object.keys(annotations).length ? { annotations } : {}) },
    spec: {
      automountServiceAccountToken: needsToken,
      containers: [container],
      // Service links would inject FOO_PORT=tcp://… variables that clash with our wiring names.
      enableServiceLinks: false,
      ...(waits.length ? { initContainers: waits } : {}),
      ...(Object.keys(s.placement.nodeSelector).length ? { nodeSelector: s.placement.nodeSelector } : {}),
      ...(restartPolicy ? { restartPolicy } : {}),
      securityContext: podSecurityContext(s.user),
      serviceAccountName: s.name,
      ...(s.placement.tolerations.length ? { tolerations: s.placement.tolerations } : {}),
      volumes: [...(s.files.length ? [{ configMap: { name: filesMap }, name: 'files' }] : []), ...scratch.volumes],
    },
  };
}

/** Job objects are immutable once created, so a Job's name carries a hash of its spec: a change means a new run. */
export function jobName(s: ResolvedService, ctx: ServiceContext): string {
  const template = podTemplate(s, ctx, {});
  return fitName([s.name, shortHash(JSON.stringify(template), 8)], 63);
}

export function serviceObjects(s: ResolvedService, stack: ResolvedStack, ctx: ServiceContext): K8sObject[] {
  const lctx = { stack: stack.name, environment: stack.environment };
  const labels: Record<string, string> = {
    ...s.labels,
    ...componentLabels(lctx, s.name, s.kind, s.image),
    ...(s.tenant ? { 'slipway.dev/tenant': labelValue(s.tenant) } : {}),
    ...(s.shard ? { 'slipway.dev/shard': labelValue(s.shard) } : {}),
  };
  const selector = selectorLabels(lctx, s.name);
  const meta = (name: string): Meta => ({ name, namespace: stack.namespace, labels });
  const out: K8sObject[] = [serviceAccount(meta(s.name), s.serviceAccountToken)];
  if (s.files.length) out.push(configMap(meta(`${s.name}-files`), Object.fromEntries(s.files.map((f) => [f.key, f.content]))));
  const jobWaits = s.uses.filter((u) => u.targetKind === 'job' && u.wait);
  if (jobWaits.length) {
    const role = `${s.name}-wait-jobs`;
    out.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: metadata(meta(role)),
      rules: [
        { apiGroups: ['batch'], resourceNames: jobWaits.map((u) => ctx.jobNames.get(u.target) ?? u.target).sort(), resources: ['jobs'], verbs: ['get'] },
        // list/watch cannot be narrowed by resourceNames; kubectl wait needs them to follow the Job.
        { apiGroups: ['batch'], resources: ['jobs'], verbs: ['list', 'watch'] },
      ],
    });
    out.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: metadata(meta(role)),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role },
      subjects: [{ kind: 'ServiceAccount', name: s.name, namespace: stack.namespace }],
    });
  }
  out.push(workload(s, ctx, meta, labels, selector));
  if (s.ports.length && (s.kind === 'service' || s.kind === 'agent')) {
    out.push(service(meta(s.name), selector, s.ports.map((p) => ({ name: p.name, port: p.servicePort, targetPort: p.name, protocol: p.protocol }))));
  }
  if (s.ingress) {
    const ing = s.ingress;
    out.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: metadata({ ...meta(s.name), annotations: ing.annotations }),
      spec: {
        ...(ing.className ? { ingressClassName: ing.className } : {}),
        rules: [{ host: ing.host, http: { paths: [{ backend: { service: { name: s.name, port: { name: ing.port } } }, path: ing.path, pathType: 'Prefix' }] } }],
        ...(ing.tls ? { tls: [{ hosts: [ing.host], secretName: ing.tls.secretName }] } : {}),
      },
    });
  }
  return out;
}

function workload(s: ResolvedService, ctx: ServiceContext, meta: (n: string) => Meta, labels: Record<string, string>, selector: Record<string, string>): K8sObject {
  switch (s.kind) {
    case 'job':
      return {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: metadata(meta(ctx.jobNames.get(s.name) ?? jobName(s, ctx))),
        spec: { backoffLimit: 6, template: podTemplate(s, ctx, labels, 'OnFailure') },
      };
    case 'cron':
      return {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: metadata(meta(s.name)),
        spec: {
          concurrencyPolicy: s.concurrency,
          failedJobsHistoryLimit: 3,
          jobTemplate: { metadata: { labels }, spec: { backoffLimit: 2, template: podTemplate(s, ctx, labels, 'OnFailure') } },
          schedule: s.schedule,
          // A run missed by more than this (controller down, cluster paused) is skipped rather than started late.
          startingDeadlineSeconds: 300,
          successfulJobsHistoryLimit: 3,
        },
      };
    case 'agent':
      return {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: metadata(meta(s.name)),
        spec: { selector: { matchLabels: selector }, template: podTemplate(s, ctx, labels), updateStrategy: { rollingUpdate: { maxUnavailable: 1 }, type: 'RollingUpdate' } },
      };
    default:
      return {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: metadata(meta(s.name)),
        spec: {
          replicas: s.replicas,
          revisionHistoryLimit: 5,
          selector: { matchLabels: selector },
          // Never drop below the desired count during a rollout.
          strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 }, type: 'RollingUpdate' },
          template: podTemplate(s, ctx, labels),
        },
      };
  }
}
