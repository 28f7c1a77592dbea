/**
 * `--format argocd`: the Helm chart (chart/) or Kustomize tree (kustomize/) of the same stack, its objects
 * carrying Argo CD's sync waves and keep options (argocd-sync.ts), plus argocd/ with what Argo CD reads: one
 * ApplicationSet whose list generator has an element per environment (seed 001's layout), or one Application
 * per environment. Each environment's Application points at values-<env>.yaml or overlays/<env> in the named
 * repository and deploys into the environment's namespace.
 *
 * Sync policy, chosen to do what `slipway up` does: automated with prune and self-heal (up prunes what left the
 * stack and re-applies drift), ServerSideApply=true (slipway applies server-side, so field ownership carries
 * over between the two), PruneLast=true (up deletes left-over objects only once the new set is ready).
 * Deleting an Application deletes its objects (the resources finalizer), except those marked Delete=false —
 * what `down` keeps without --purge. Argo CD v3 tracks its objects by annotation, so slipway's own labels stay
 * as they are and `slipway status` reads an Argo CD deployment like its own.
 */
import { posix } from 'node:path';
import type { K8sObject } from '../../k8s/object.js';
import { toYaml } from '../yaml.js';
import { userError } from '../../diagnostics/errors.js';
import { ignoredDifferences, withSyncAnnotations, type IgnoreDifference } from './argocd-sync.js';
import type { EmitInput, Emitter, EnvironmentRender, GitOpsTarget } from './contract.js';
import { helm } from './helm.js';
import { kustomize } from './kustomize.js';

export const ARGO_API = 'argoproj.io/v1alpha1';
const FINALIZER = 'resources-finalizer.argocd.argoproj.io';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const TREE = { helm: 'chart', kustomize: 'kustomize' } as const;

/** Where Argo CD finds one environment's manifests; `env` may be a template expression. */
function sourceOf(t: GitOpsTarget, env: string): Record<string, Json> {
  const base = { repoURL: t.repoURL, targetRevision: t.revision };
  if (t.source === 'kustomize') return { ...base, path: posix.join(t.path, TREE.kustomize, 'overlays', env) };
  // createNamespace: the chart's own Namespace (Pod Security labels, wave 0, kept), not Argo CD's bare one.
  return { ...base, path: posix.join(t.path, TREE.helm), helm: { valueFiles: [`values-${env}.yaml`], valuesObject: { createNamespace: true } } };
}

/**
 * No RespectIgnoreDifferences: the manifest has no spec.replicas where an autoscaler owns it, so a sync never
 * writes the field; ignoreDifferences only keeps the autoscaler's count from showing as drift.
 */
function syncPolicyOf(t: GitOpsTarget): Record<string, Json> {
  return { ...(t.automated ? { automated: { prune: true, selfHeal: true } } : {}), syncOptions: ['ServerSideApply=true', 'PruneLast=true'] };
}

/** Argo CD's name of the cluster Argo CD runs in (its destination when given by name). */
const IN_CLUSTER = 'in-cluster';
const DEFAULT_SERVER = 'https://kubernetes.default.svc';

/**
 * Where an entry deploys. A cluster of a multi-cluster environment is named by its kube context, the name
 * `argocd cluster add <context>` registers it under; any other entry goes to --server.
 */
function destinationOf(t: GitOpsTarget, r: EnvironmentRender): { name: string } | { server: string } {
  return r.clusterContext ? { name: r.clusterContext } : { server: t.server };
}

function applicationOf(stack: string, t: GitOpsTarget, r: EnvironmentRender, ignore: readonly IgnoreDifference[]): K8sObject {
  return {
    apiVersion: ARGO_API,
    kind: 'Application',
    metadata: { name: `${stack}-${r.environment}`, namespace: t.namespace, finalizers: [FINALIZER] },
    spec: {
      project: t.project,
      source: sourceOf(t, r.environment),
      destination: { ...destinationOf(t, r), namespace: r.namespace },
      ...(ignore.length ? { ignoreDifferences: ignore as unknown as Json } : {}),
      syncPolicy: syncPolicyOf(t),
    },
  } as K8sObject;
}

/**
 * The ApplicationSet: Go templates over the list elements. What only some environments have (ignoreDifferences
 * for their autoscaled Deployments) rides in the element and joins the Application through templatePatch.
 */
function applicationSetOf(stack: string, t: GitOpsTarget, renders: readonly EnvironmentRender[], ignores: readonly IgnoreDifference[][]): K8sObject {
  const anyIgnore = ignores.some((i) => i.length);
  // One template names its destination one way: by cluster name as soon as an entry is a cluster (the cluster
  // Argo CD runs in is "in-cluster"), else by server.
  const byName = renders.some((r) => r.clusterContext);
  if (byName && t.server !== DEFAULT_SERVER && renders.some((r) => !r.clusterContext)) {
    throw userError('--server and a multi-cluster environment together: the ApplicationSet names every destination by cluster name', 'drop --server, or use --layout applications');
  }
  const where = (r: EnvironmentRender) => (byName ? { cluster: r.clusterContext ?? IN_CLUSTER } : { server: t.server });
  const elements = renders.map((r, i) => ({ environment: r.environment, namespace: r.namespace, ...where(r), ...(anyIgnore ? { ignoreDifferences: ignores[i] as unknown as Json } : {}) }));
  const templatePatch = ['{{- if .ignoreDifferences }}', 'spec:', '  ignoreDifferences: {{ toJson .ignoreDifferences }}', '{{- end }}', ''].join('\n');
  return {
    apiVersion: ARGO_API,
    kind: 'ApplicationSet',
    metadata: { name: stack, namespace: t.namespace },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [{ list: { elements } }],
      template: {
        metadata: { name: `${stack}-{{.environment}}`, finalizers: [FINALIZER] },
        spec: {
          project: t.project,
          source: sourceOf(t, '{{.environment}}'),
          destination: { ...(byName ? { name: '{{.cluster}}' } : { server: '{{.server}}' }), namespace: '{{.namespace}}' },
          syncPolicy: syncPolicyOf(t),
        },
      },
      ...(anyIgnore ? { templatePatch } : {}),
    },
  } as K8sObject;
}

/** The Argo CD objects alone (argocd/), in file order. */
export function argoObjects(input: EmitInput): Map<string, K8sObject> {
  const t = input.gitops!;
  const ignores = input.renders.map((r) => ignoredDifferences(r.objects));
  if (t.layout === 'applicationset') return new Map([['argocd/applicationset.yaml', applicationSetOf(input.stack, t, input.renders, ignores)]]);
  return new Map(input.renders.map((r, i) => [`argocd/application-${r.environment}.yaml`, applicationOf(input.stack, t, r, ignores[i]!)]));
}

export const argocd: Emitter = {
  format: 'argocd',
  description: 'the Helm chart or Kustomize tree with sync waves, plus an Argo CD ApplicationSet (or an Application per environment)',
  emit(input) {
    const t = input.gitops;
    if (!t) throw new Error('the argocd format needs a GitOps target (repository, revision, path)');
    const renders = input.renders.map((r) => ({ ...r, objects: withSyncAnnotations(r.objects, r.graph) }));
    const inner = (t.source === 'helm' ? helm : kustomize).emit({ ...input, renders });
    const files = new Map([...inner].map(([p, f]) => [`${TREE[t.source]}/${p}`, f]));
    const how = `kubectl apply -n ${t.namespace} -f <this file> (Argo CD reads ${t.repoURL} at ${t.revision}, folder ${t.path})`;
    for (const [p, o] of argoObjects(input)) files.set(p, { text: `# ${how}\n${toYaml([o])}` });
    return files;
  },
};
