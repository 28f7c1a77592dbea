/**
 * A HorizontalPodAutoscaler (autoscaling/v2) for a service or worker with `autoscale:`. Utilization targets
 * are percentages of the containers' requests, which every slipway container has (the profile's when unset).
 * The Deployment leaves spec.replicas to it (workloads/deployment.ts).
 */
import { componentObject } from '../component.js';
import { serviceFeature } from './feature.js';

const utilization = (name: 'cpu' | 'memory', percent: number) => ({ type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization: percent } } });

export const hpa = serviceFeature({
  name: 'hpa',
  key: 'autoscale',
  applies: (c) => c.service.autoscale !== undefined,
  objects: (c, ctx) => {
    const a = c.service.autoscale!;
    return [
      componentObject('autoscaling/v2', 'HorizontalPodAutoscaler', c, ctx, {
        spec: {
          maxReplicas: a.max,
          metrics: [...(a.cpu !== undefined ? [utilization('cpu', a.cpu)] : []), ...(a.memory !== undefined ? [utilization('memory', a.memory)] : [])],
          minReplicas: a.min,
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: c.name },
        },
      }),
    ];
  },
});
