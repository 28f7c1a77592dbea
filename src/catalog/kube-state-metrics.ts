/**
 * kube-state-metrics for the stack's own Prometheus (observability.metrics.mode: prometheus): the workload and
 * crash-loop rules and the dashboards' pod panels read its kube_* series, which nothing else in a namespace
 * provides. It runs namespaced, as kube-state-metrics' README describes (namespace-scoped mode): `--namespaces`
 * the stack's namespace only, `--resources` only namespaced kinds, and a Role with list/watch on exactly those,
 * so it needs no ClusterRole and sees no other stack.
 *
 * Image: registry.k8s.io/kube-state-metrics/kube-state-metrics (Dockerfile: distroless static base, USER nobody =
 * 65534, ENTRYPOINT `/kube-state-metrics --port=8080 --telemetry-port=8081`; args are appended to it). It writes
 * nothing, so its root filesystem is read-only. /livez on 8080 does not depend on the API server (liveness),
 * /readyz on the telemetry port 8081 does (readiness) (README, "Health checks").
 */
import type { V1PodSpec, V1PolicyRule } from '@kubernetes/client-node';
import type { K8sObject } from '../k8s/object.js';
import type { Profile } from '../model/stack.js';
import type { ResolvedInfra, ResolvedResources } from '../model/resolved.js';
import { componentLabels, selectorLabels } from '../generate/labels.js';
import { fitName } from '../generate/names.js';
import { metadata, serviceAccount } from '../generate/objects.js';
import { apiAccessMount, apiAccessVolume } from '../generate/pod/api-access.js';
import { k8sProbe } from '../generate/probes.js';
import { k8sResources } from '../generate/resources.js';
import { containerSecurityContext, podSecurityContext } from '../generate/security.js';
import type { CatalogContext, HelperPods } from './contract.js';
import { placementSpec } from './common.js';
import { singleCopyObjects } from './single-copy.js';

export const KSM_IMAGE = 'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.20.0';
const UID = 65534;
export const KSM_PORT = 8080;
const TELEMETRY_PORT = 8081;
/** The container port Prometheus keeps (kube-state-metrics' own manifests name it so). */
export const KSM_PORT_NAME = 'http-metrics';

/**
 * Namespaced kinds only (a Role cannot grant nodes, namespaces or persistentvolumes): what the default rules and
 * dashboards read (pods, deployments, statefulsets) and what a stack's own rules about its workloads would.
 * Secrets and configmaps are left out: their names and labels are nobody's business on a dashboard.
 */
export const KSM_RESOURCES: Readonly<Record<string, readonly string[]>> = {
  '': ['persistentvolumeclaims', 'pods', 'services'],
  apps: ['daemonsets', 'deployments', 'replicasets', 'statefulsets'],
  autoscaling: ['horizontalpodautoscalers'],
  batch: ['cronjobs', 'jobs'],
  policy: ['poddisruptionbudgets'],
};

/** kube-state-metrics reads through informers: list and watch, nothing else. */
export const KSM_RULES: V1PolicyRule[] = Object.entries(KSM_RESOURCES).map(([group, resources]) => ({ apiGroups: [group], resources: [...resources], verbs: ['list', 'watch'] }));

/** Its resource names (--resources) are the API's plural names. */
export const ksmResourceFlag = (): string => Object.values(KSM_RESOURCES).flat().sort().join(',');

/** One namespace's objects are a few thousand series: small, and more room in production. */
const RESOURCES: Record<'small' | 'production', ResolvedResources> = {
  small: { requests: { cpu: '10m', memory: '32Mi', ephemeral: '16Mi' }, limits: { cpu: '100m', memory: '128Mi', ephemeral: '32Mi' } },
  production: { requests: { cpu: '50m', memory: '64Mi', ephemeral: '16Mi' }, limits: { cpu: '250m', memory: '256Mi', ephemeral: '32Mi' } },
};

export function ksmName(prometheus: ResolvedInfra | string): string {
  return fitName([typeof prometheus === 'string' ? prometheus : prometheus.name, 'kube-state-metrics']);
}

/** Labels its pods carry (its own component's selector: no Service, budget or workload of Prometheus selects them). */
export function ksmSelector(prometheus: ResolvedInfra | string, ctx: Pick<CatalogContext, 'stack' | 'environment'>): Record<string, string> {
  return selectorLabels({ stack: ctx.stack, environment: ctx.environment }, ksmName(prometheus));
}

/** What NetworkPolicies need to know: Prometheus scrapes it, it calls the API server. */
export function ksmHelper(infra: ResolvedInfra, ctx: CatalogContext): HelperPods {
  return { name: ksmName(infra), selector: ksmSelector(infra, ctx), serves: [KSM_PORT], api: true };
}

/** ServiceAccount, Role and binding, Deployment, and in production a disruption budget that never blocks a drain. */
export function ksmObjects(infra: ResolvedInfra, ctx: CatalogContext): K8sObject[] {
  const name = ksmName(infra);
  const labelCtx = { stack: ctx.stack, environment: ctx.environment };
  const labels = componentLabels(labelCtx, name, 'kube-state-metrics', KSM_IMAGE);
  const selector = ksmSelector(infra, ctx);
  const meta = { name, namespace: ctx.namespace, labels };
  const probe = (port: string, path: string, period: number) => k8sProbe({ http: path, port, initialDelay: 0, period, timeout: 5, failureThreshold: 3 });
  // One copy on purpose: a second would report every kube_* series twice (kube-state-metrics shards, it does not
  // fail over), and a gap of a reschedule is a gap in graphs, not an outage of the stack.
  const pod: V1PodSpec = {
    // The token reaches only this container, short-lived, through the projected volume.
    automountServiceAccountToken: false,
    containers: [
      {
        name: 'kube-state-metrics',
        image: KSM_IMAGE,
        args: [`--namespaces=${ctx.namespace}`, `--resources=${ksmResourceFlag()}`],
        ports: [
          { containerPort: KSM_PORT, name: KSM_PORT_NAME, protocol: 'TCP' },
          { containerPort: TELEMETRY_PORT, name: 'telemetry', protocol: 'TCP' },
        ],
        resources: k8sResources(RESOURCES[sizeOf(ctx.profile)]),
        securityContext: containerSecurityContext(UID),
        livenessProbe: probe(KSM_PORT_NAME, '/livez', 20),
        readinessProbe: probe('telemetry', '/readyz', 10),
        volumeMounts: [apiAccessMount('api-access')],
      },
    ],
    enableServiceLinks: false,
    ...placementSpec(infra),
    securityContext: podSecurityContext(UID),
    serviceAccountName: name,
    volumes: [apiAccessVolume('api-access')],
  };
  const rbac = metadata({ name, namespace: ctx.namespace, labels });
  const role: K8sObject = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: rbac, rules: KSM_RULES };
  const binding: K8sObject = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: rbac,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects: [{ kind: 'ServiceAccount', name, namespace: ctx.namespace }],
  };
  // In production a budget of maxUnavailable 1: a drain may take the one pod.
  const why = 'one kube-state-metrics per namespace: a second copy would report every kube_* series twice';
  return [serviceAccount(meta, false), role, binding, ...singleCopyObjects({ meta, selector, why, pod, ...(ctx.profile === 'production' ? { budget: { maxUnavailable: 1 } } : {}) })];
}

function sizeOf(profile: Profile): 'small' | 'production' {
  return profile === 'production' ? 'production' : 'small';
}
