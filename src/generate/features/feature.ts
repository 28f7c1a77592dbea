/**
 * A feature adds objects around a component's workload (its ServiceAccount, Service, Ingress, …). Adding one is
 * a file here, one line in FEATURES, and its kind in k8s/kinds; generate.ts needs no change.
 */
import type { K8sObject } from '../../k8s/object.js';
import type { Component, ServiceComponent } from '../component.js';
import type { GenerateContext } from '../context.js';

export interface Feature {
  readonly name: string;
  /**
   * The key under the component's stack entry the feature comes from (e.g. 'ingress'), so provenance points at
   * it; unset when the feature follows from the component as a whole.
   */
  readonly key?: string;
  applies(c: Component, ctx: GenerateContext): boolean;
  objects(c: Component, ctx: GenerateContext): K8sObject[];
}

/** A feature of stack services only (files, ingress, …): infra never applies, and the callbacks see the service. */
export function serviceFeature(f: {
  name: string;
  key?: string;
  applies(c: ServiceComponent, ctx: GenerateContext): boolean;
  objects(c: ServiceComponent, ctx: GenerateContext): K8sObject[];
}): Feature {
  return {
    ...f,
    applies: (c, ctx) => c.component !== 'infra' && f.applies(c, ctx),
    objects: (c, ctx) => (c.component === 'infra' ? [] : f.objects(c, ctx)),
  };
}
