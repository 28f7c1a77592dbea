import type { ResolvedResources } from '../model/resolved.js';

export function k8sResources(r: ResolvedResources): Record<string, unknown> {
  return { limits: { cpu: r.limits.cpu, memory: r.limits.memory }, requests: { cpu: r.requests.cpu, memory: r.requests.memory } };
}
