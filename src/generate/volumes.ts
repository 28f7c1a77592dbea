/** Writable scratch paths under a read-only root filesystem, as emptyDir volumes. */
import type { V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import { DEFAULT_WRITABLE_SIZE, type WritableDir } from '../model/storage.js';
import { volumeNameForPath } from './names.js';

export interface VolumeSet {
  volumes: V1Volume[];
  mounts: V1VolumeMount[];
}

/** One emptyDir per path, sized by its sizeLimit (a bare path gets the default size). */
export function emptyDirs(dirs: readonly (string | WritableDir)[]): VolumeSet {
  const sized = new Map(dirs.map((d) => (typeof d === 'string' ? [d, DEFAULT_WRITABLE_SIZE] : [d.path, d.size])));
  const unique = [...sized.keys()].sort();
  return {
    volumes: unique.map((p) => ({ name: volumeNameForPath(p), emptyDir: { sizeLimit: sized.get(p)! } })),
    mounts: unique.map((p) => ({ name: volumeNameForPath(p), mountPath: p })),
  };
}
