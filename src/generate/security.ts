/** Secure defaults for pods and containers (restricted Pod Security Standard). */

export function podSecurityContext(uid: number, gid: number = uid): Record<string, unknown> {
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

export function containerSecurityContext(uid: number, gid: number = uid, readOnlyRootFilesystem = true): Record<string, unknown> {
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
