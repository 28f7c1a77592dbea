/** Resolved resources → a container's requests and limits. */
import type { V1ResourceRequirements, V1Volume } from '@kubernetes/client-node';
import { sumBytes } from '../k8s/quantity.js';
import type { ResolvedResources } from '../model/resolved.js';

/**
 * `writes` are the emptyDirs the container writes to. A disk-backed emptyDir counts toward the pod's ephemeral
 * storage, and the kubelet evicts a pod whose usage passes the sum of its containers' limits, so the limit is
 * the container's own allowance plus every such dir's sizeLimit: a dir filled to its size never evicts the
 * pod on its own. Memory-backed dirs count toward memory instead. The request stays the container's own: the
 * scheduler then reserves what the pod usually holds, not the worst case.
 */
export function k8sResources(r: ResolvedResources, writes: readonly V1Volume[] = []): V1ResourceRequirements {
  const dirs = writes.filter((v) => v.emptyDir && v.emptyDir.medium !== 'Memory').map((v) => v.emptyDir!.sizeLimit ?? '0');
  return {
    limits: { cpu: r.limits.cpu, 'ephemeral-storage': dirs.length ? sumBytes([r.limits.ephemeral, ...dirs]) : r.limits.ephemeral, memory: r.limits.memory },
    requests: { cpu: r.requests.cpu, 'ephemeral-storage': r.requests.ephemeral, memory: r.requests.memory },
  };
}
