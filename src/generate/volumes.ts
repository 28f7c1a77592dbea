/** Writable scratch paths under a read-only root filesystem, as emptyDir volumes. */
import type { V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import { volumeNameForPath } from './names.js';

export interface VolumeSet {
  volumes: V1Volume[];
  mounts: V1VolumeMount[];
}

export function emptyDirs(paths: readonly string[], sizeLimit = '256Mi'): VolumeSet {
  const unique = [...new Set(paths)].sort();
  return {
    volumes: unique.map((p) => ({ name: volumeNameForPath(p), emptyDir: { sizeLimit } })),
    mounts: unique.map((p) => ({ name: volumeNameForPath(p), mountPath: p })),
  };
}
