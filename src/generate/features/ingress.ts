/** An Ingress routing a host and path to the service's named port. */
import type { V1IngressSpec } from '@kubernetes/client-node';
import { componentObject } from '../component.js';
import { serviceFeature } from './feature.js';

export const ingress = serviceFeature({
  name: 'ingress',
  key: 'ingress',
  applies: (c) => c.service.ingress !== undefined,
  objects: (c, ctx) => {
    const ing = c.service.ingress;
    if (!ing) return [];
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
});
