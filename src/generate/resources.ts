import type { V1ResourceRequirements } from '@kubernetes/client-node';
import type { ResolvedResources } from '../model/resolved.js';

export function k8sResources(r: ResolvedResources): V1ResourceRequirements {
  return { limits: { cpu: r.limits.cpu, memory: r.limits.memory }, requests: { cpu: r.requests.cpu, memory: r.requests.memory } };
}
