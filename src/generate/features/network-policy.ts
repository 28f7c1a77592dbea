/**
 * A NetworkPolicy per component (network/peers.ts says what it allows), and one per catalog setup Job, so every
 * pod of the render is selected by a policy of its own under the namespace's default-deny (default-deny.ts), and
 * one per helper a catalog entry runs beside its server (CatalogOutput.helpers).
 */
import type { K8sObject } from '../../k8s/object.js';
import type { ResolvedNetwork } from '../../model/network.js';
import { componentObject, type Component } from '../component.js';
import type { GenerateContext } from '../context.js';
import { componentRules, helperRules, setupPodSelectors, setupRules, type PolicyRules } from '../network/peers.js';
import { NAME_LABEL } from '../../k8s/object.js';
import type { Feature } from './feature.js';
import { defaultDenyPolicy } from './default-deny.js';

export const networkPolicy: Feature = {
  name: 'network-policy',
  applies: (_c, ctx) => ctx.network !== undefined,
  objects: (c, ctx) => {
    const net = ctx.network;
    if (!net) return [];
    const own = policy(c, ctx, net, c.selector, componentRules(c, ctx, net), c.name);
    if (c.component !== 'infra') return [own];
    // A component in a namespace of its own (a log agent) denies by default there as the stack does in its own.
    if (c.internal.namespace) return [defaultDenyPolicy(ctx, c.internal.namespace), own];
    const setup = setupPodSelectors(c).map((selector) => policy(c, ctx, net, selector, setupRules(c, net, ctx, selector), selector[NAME_LABEL] ?? `${c.name}-setup`));
    const helpers = (c.internal.helpers ?? []).map((h) => policy(c, ctx, net, h.selector, helperRules(c, h, net), h.name));
    return [own, ...setup, ...helpers];
  },
};

function policy(c: Component, ctx: GenerateContext, net: ResolvedNetwork, selector: Readonly<Record<string, string>>, rules: PolicyRules, name: string): K8sObject {
  return componentObject(
    'networking.k8s.io/v1',
    'NetworkPolicy',
    c,
    ctx,
    {
      spec: {
        podSelector: { matchLabels: { ...selector } },
        // Listing both types with no rules denies that direction, even where the namespace default-deny is removed.
        policyTypes: net.egress ? ['Ingress', 'Egress'] : ['Ingress'],
        ...(rules.ingress.length ? { ingress: rules.ingress } : {}),
        ...(net.egress && rules.egress.length ? { egress: rules.egress } : {}),
      },
    },
    name,
  );
}
