/**
 * The Service in front of a service or agent that has ports (workers, crons and jobs take no traffic): ClusterIP
 * unless `expose:` asks for a NodePort or LoadBalancer, with its annotations (a cloud load balancer's settings).
 */
import { service as serviceObject } from '../objects.js';
import { serviceFeature } from './feature.js';

export const service = serviceFeature({
  name: 'service',
  key: 'ports',
  applies: (c) => (c.component === 'service' || c.component === 'agent') && c.ports.length > 0,
  objects: (c, ctx) => {
    const { type, annotations, nodePorts } = c.service.expose;
    return [
      serviceObject(
        { name: c.name, namespace: ctx.namespace, labels: c.labels, annotations },
        c.selector,
        c.ports.map((p) => ({ name: p.name, port: p.servicePort, targetPort: p.name, protocol: p.protocol, ...(nodePorts[p.name] !== undefined ? { nodePort: nodePorts[p.name] } : {}) })),
        { type },
      ),
    ];
  },
});
