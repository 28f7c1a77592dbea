/**
 * Stage 4 — generate: ResolvedStack → Kubernetes objects in apply order, plus the Secrets to generate.
 * Components × features: each component's workload (or the catalog's objects for internal infra), then every
 * feature that applies to it. Each object records the stack path it came from.
 */
import type { Catalog } from '../catalog/catalog.js';
import type { GeneratedSecret } from '../model/generated-secret.js';
import { refKey, type K8sObject } from '../k8s/object.js';
import type { ModelPath } from '../load/source.js';
import type { ResolvedStack } from '../model/resolved.js';
import { generatedLabels, ownerLabels } from '../model/ownership.js';
import { componentsOf, type Component } from './component.js';
import { generateContext } from './context.js';
import { FEATURES, STACK_FEATURES, type Feature, type StackFeature } from './features/index.js';
import { orderObjects } from './order.js';
import { jobName } from './pod/template.js';
import { withImagePull } from './image-pull.js';
import { withSpread } from './spread.js';
import { workloadObjects } from './workloads/index.js';

export interface Generated {
  /** Objects in apply order. */
  objects: K8sObject[];
  /** Secrets whose values slipway generates; see emit/secrets.ts. */
  secrets: GeneratedSecret[];
  /**
   * The stack path each object and generated Secret came from, by refKey: ['services', 'api'],
   * ['services', 'api', 'ingress'], ['infra', 'db'], ['secrets', 'x'], or [] for the Namespace.
   */
  provenance: ReadonlyMap<string, ModelPath>;
}

export interface GenerateOptions {
  /** The features offered to every component. @default FEATURES */
  features?: readonly Feature[];
  /** The features of the stack as a whole (once per namespace). @default STACK_FEATURES */
  stackFeatures?: readonly StackFeature[];
  /** The catalog the stack was resolved with. @default builtinCatalog */
  catalog?: Catalog;
}

export function generate(stack: ResolvedStack, opts: GenerateOptions = {}): Generated {
  const owner = { stack: stack.name, environment: stack.environment };
  const jobNames = new Map<string, string>();
  const components = new Map<string, Component>();
  const ctx = generateContext(stack, jobNames, components, opts.catalog);
  // Services are in dependency order, so a Job that waits on another Job sees that Job's final name.
  for (const s of stack.services) if (s.kind === 'job') jobNames.set(s.name, jobName(s, ctx));

  const objects: K8sObject[] = [];
  const secrets: GeneratedSecret[] = [];
  const provenance = new Map<string, ModelPath>();
  const record = (key: string, path: ModelPath) => {
    if (provenance.has(key)) throw new Error(`generate: ${key} is generated twice (${provenance.get(key)!.join('.')} and ${path.join('.')})`);
    provenance.set(key, path);
  };
  const add = (list: readonly K8sObject[], path: ModelPath) => {
    for (const o of list) record(refKey(o), path);
    objects.push(...list);
  };
  const addSecrets = (list: readonly GeneratedSecret[], path: ModelPath) => {
    for (const s of list) record(refKey({ apiVersion: 'v1', kind: 'Secret', namespace: s.namespace, name: s.name }), path);
    secrets.push(...list);
  };

  add([namespaceObject(stack.namespace, owner)], []);
  for (const c of componentsOf(stack, ctx)) components.set(c.name, c);
  for (const f of opts.stackFeatures ?? STACK_FEATURES) {
    if (f.applies(ctx)) add(f.objects(ctx), []);
  }
  for (const c of components.values()) {
    add(withSpread(c, withImagePull(c, workloadObjects(c, ctx))), c.path);
    if (c.component === 'infra') addSecrets(c.internal.secrets, c.path);
    for (const f of opts.features ?? FEATURES) {
      if (f.applies(c, ctx)) add(f.objects(c, ctx), f.key ? [...c.path, f.key] : c.path);
    }
  }
  for (const sec of stack.secrets) addSecrets([{ name: sec.name, namespace: stack.namespace, labels: generatedLabels(owner), keys: sec.keys, ...(sec.shapes ? { shapes: sec.shapes } : {}) }], ['secrets', sec.name]);
  // The stack's own Namespace leads, before one a catalog entry runs its pods in (a log agent's), whatever the names.
  const ordered = orderObjects(objects, stack.order);
  const own = ordered.findIndex((o) => o.kind === 'Namespace' && o.metadata.name === stack.namespace);
  if (own > 0) ordered.unshift(...ordered.splice(own, 1));
  return { objects: ordered, secrets: [...secrets].sort((a, b) => a.name.localeCompare(b.name)), provenance };
}

function namespaceObject(name: string, owner: { stack: string; environment: string }): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: {
        ...ownerLabels(owner),
        // Everything slipway generates meets the restricted Pod Security Standard; enforcing it catches regressions.
        'pod-security.kubernetes.io/enforce': 'restricted',
      },
    },
  };
}
