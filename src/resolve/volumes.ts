/** A service instance's volumes → ResolvedVolume (claim names, access modes, which instance writes a shared claim). */
import { accessModeOf, claimName, type ResolvedVolume } from '../model/volumes.js';
import type { Instance } from './stamp.js';

/**
 * `instances` are every service instance of the stack in resolve order; the first that lists a shared volume
 * writes its claim, so the claim exists once however many services mount it.
 */
export function volumesOf(inst: Instance, instances: readonly Instance[]): ResolvedVolume[] {
  return Object.entries(inst.spec.volumes ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, v]) => {
      const shared = v.shared ?? false;
      const owner = shared ? instances.find((i) => i.spec.volumes?.[name]?.shared) : inst;
      return {
        name,
        claim: claimName(name, inst.name, shared),
        path: v.path,
        size: String(v.size),
        ...(v.storageClass ? { storageClass: v.storageClass } : {}),
        accessMode: accessModeOf(v),
        shared,
        declares: owner === inst,
      };
    });
}
