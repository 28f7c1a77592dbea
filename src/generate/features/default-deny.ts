/**
 * The namespace's default-deny NetworkPolicy: every pod, slipway's or anyone else's, accepts (and, with
 * `network.egress`, sends) only what another policy allows. The per-component policies (network-policy.ts) then
 * open exactly the declared traffic; policies are additive, so this one never narrows them.
 */
import { ownerLabels } from '../../model/ownership.js';
import { metadata } from '../objects.js';
import type { StackFeature } from './stack-feature.js';
import type { K8sObject } from '../../k8s/object.js';
import type { GenerateContext } from '../context.js';

/** Prefixed so no component (whose policy is named after it) can take the name. */
export const DEFAULT_DENY_NAME = 'slipway-default-deny';

/** The default-deny policy of one namespace the stack runs pods in (its own, or a log agent's). */
export function defaultDenyPolicy(ctx: GenerateContext, namespace: string = ctx.namespace): K8sObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: metadata({ name: DEFAULT_DENY_NAME, namespace, labels: { 'app.kubernetes.io/instance': ctx.stack, ...ownerLabels(ctx.labels) } }),
    spec: { podSelector: {}, policyTypes: ctx.network?.egress ? ['Ingress', 'Egress'] : ['Ingress'] },
  };
}

export const defaultDeny: StackFeature = {
  name: 'default-deny',
  applies: (ctx) => ctx.network !== undefined,
  objects: (ctx) => [defaultDenyPolicy(ctx)],
};
