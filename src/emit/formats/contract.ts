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
  namespace: string;
  /** In apply order, as `render` prints them. */
  objects: K8sObject[];
  graph: StackGraph;
}

export interface EmitInput {
  stack: string;
  renders: EnvironmentRender[];
}

export interface Emitter {
  format: string;
  description: string;
  emit(input: EmitInput): Map<string, OutputFile>;
}
