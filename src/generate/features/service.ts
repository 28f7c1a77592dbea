/** A ClusterIP Service in front of a service or agent that has ports (workers, crons and jobs take no traffic). */
import { service as serviceObject } from '../objects.js';
import type { Feature } from './feature.js';

export const service: Feature = {
  name: 'service',
  key: 'ports',
  applies: (c) => (c.component === 'service' || c.component === 'agent') && c.ports.length > 0,
  objects: (c, ctx) => [
    serviceObject(
      { name: c.name, namespace: ctx.namespace, labels: c.labels },
      c.selector,
      c.ports.map((p) => ({ name: p.name, port: p.servicePort, targetPort: p.name, protocol: p.protocol })),
    ),
  ],
};
