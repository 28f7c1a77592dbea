/**
 * The emitter contract: the renders of several environments (their objects and graphs) in, a file tree out.
 * Pure; `render --format X --out DIR` writes the tree atomically (emit/write-dir.ts). Each format is one module
 * behind this contract, so Helm and Argo CD join the way Kustomize did.
 */
import type { K8sObject } from '../../k8s/object.js';
import type { StackGraph } from '../../model/graph.js';
import type { OutputFile } from '../write-dir.js';

export interface EnvironmentRender {
  /** The environment, or `<environment>-<cluster>` for one cluster of a multi-cluster environment. */
  environment: string;
  /** For one cluster of a multi-cluster environment: that cluster's kube context (Argo CD's name for it). */
  clusterContext?: string;
  namespace: string;
  /** In apply order, as `render` prints them. */
  objects: K8sObject[];
  graph: StackGraph;
}

/** Where a GitOps controller finds the emitted tree, and how it deploys it (render --repo, --path, ...). */
export interface GitOpsTarget {
  repoURL: string;
  /** Branch, tag or commit. @default 'HEAD' */
  revision: string;
  /** Folder of the emitted tree inside the repository. */
  path: string;
  /** What the Applications point at: the Helm chart or the Kustomize overlays. @default 'helm' */
  source: 'helm' | 'kustomize';
  /** One ApplicationSet over the environments (list generator), or one Application per environment. @default 'applicationset' */
  layout: 'applicationset' | 'applications';
  /** Destination cluster API server. @default 'https://kubernetes.default.svc' (the cluster Argo CD runs in) */
  server: string;
  /** Namespace Argo CD watches for Applications. @default 'argocd' */
  namespace: string;
  /** @default 'default' */
  project: string;
  /** Sync on every commit and undo drift (prune and self-heal), or only when someone syncs. @default true */
  automated: boolean;
}

export interface EmitInput {
  stack: string;
  renders: EnvironmentRender[];
  /** Required by the argocd format; ignored by the others. */
  gitops?: GitOpsTarget;
}

export interface Emitter {
  format: string;
  description: string;
  emit(input: EmitInput): Map<string, OutputFile>;
}
