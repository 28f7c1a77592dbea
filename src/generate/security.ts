/** Secure defaults for pods and containers (restricted Pod Security Standard). */
import type { V1PodSecurityContext, V1SecurityContext } from '@kubernetes/client-node';

export function podSecurityContext(uid: number, gid: number = uid): V1PodSecurityContext {
  return {
    fsGroup: gid,
    // Only chown the volume when its root does not already match: fast restarts on big data volumes.
    fsGroupChangePolicy: 'OnRootMismatch',
    runAsGroup: gid,
    runAsNonRoot: true,
    runAsUser: uid,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

export function containerSecurityContext(uid: number, gid: number = uid, readOnlyRootFilesystem = true): V1SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    privileged: false,
    readOnlyRootFilesystem,
    runAsGroup: gid,
    runAsNonRoot: true,
    runAsUser: uid,
  };
}
