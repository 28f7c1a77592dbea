/**
 * Image pulls, patched onto every pod template of a component's workload objects (like spread.ts), so service
 * pods with their wait init containers, catalog StatefulSets and catalog Jobs all get the same policy and pull
 * Secrets without each builder, or each catalog entry, having to remember them.
 */
import type { K8sObject } from '../k8s/object.js';
import { withPodTemplate } from '../k8s/pod-template.js';
import { pullIsSet, type ImagePull } from '../model/image-pull.js';
import type { Component } from './component.js';

type PodSpec = Record<string, unknown> & { containers?: Record<string, unknown>[]; initContainers?: Record<string, unknown>[]; imagePullSecrets?: { name: string }[] };
interface PodTemplate {
  spec?: object;
}

/** The component's workload objects with its pull policy and Secrets on every pod template. */
export function withImagePull(c: Component, objects: readonly K8sObject[]): K8sObject[] {
  if (!pullIsSet(c.pull)) return [...objects];
  return objects.map((o) => withPodTemplate(o, (t) => pulledTemplate(t, c.pull)));
}

/** A pod template with the pull applied: a policy on each container that has none, the pull Secrets once each. */
export function pulledTemplate<T extends PodTemplate>(template: T, pull: ImagePull): T {
  if (!pullIsSet(pull) || !template.spec) return template;
  const spec = template.spec as PodSpec;
  const policy = (c: Record<string, unknown>) => (pull.policy && c.imagePullPolicy === undefined ? { ...c, imagePullPolicy: pull.policy } : c);
  const secrets = [...new Set([...(spec.imagePullSecrets ?? []).map((s) => s.name), ...pull.secrets])];
  return {
    ...template,
    spec: {
      ...spec,
      ...(spec.containers ? { containers: spec.containers.map(policy) } : {}),
      ...(spec.initContainers ? { initContainers: spec.initContainers.map(policy) } : {}),
      ...(secrets.length ? { imagePullSecrets: secrets.map((name) => ({ name })) } : {}),
    },
  };
}
