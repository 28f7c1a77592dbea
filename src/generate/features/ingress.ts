/** An Ingress routing a host and path to a named port of the component's Service: a service's, or an infra entry's HTTP port. */
import type { V1IngressSpec } from '@kubernetes/client-node';
import type { ResolvedIngress } from '../../model/resolved.js';
import { componentObject, type Component } from '../component.js';
import type { Feature } from './feature.js';

/** The component's ingress; an infra entry's is only ever on a port its catalog entry serves over HTTP (resolve checks). */
export function ingressOf(c: Component): ResolvedIngress | undefined {
  return c.component === 'infra' ? c.infra.ingress : c.service.ingress;
}

export const ingress: Feature = {
  name: 'ingress',
  key: 'ingress',
  applies: (c) => ingressOf(c) !== undefined,
  objects: (c, ctx) => {
    const ing = ingressOf(c);
    if (!ing) return [];
    // The backend is the Service named after the component: a service's own, or the catalog's client Service.
    const object = componentObject('networking.k8s.io/v1', 'Ingress', c, ctx, {
      spec: {
        ...(ing.className ? { ingressClassName: ing.className } : {}),
        rules: [{ host: ing.host, http: { paths: [{ backend: { service: { name: c.name, port: { name: ing.port } } }, path: ing.path, pathType: 'Prefix' }] } }],
        ...(ing.tls ? { tls: [{ hosts: [ing.host], secretName: ing.tls.secretName }] } : {}),
      } satisfies V1IngressSpec,
    });
    if (Object.keys(ing.annotations).length) object.metadata.annotations = { ...ing.annotations };
    return [object];
  },
};
