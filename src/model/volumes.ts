/**
 * Persistent volumes of services: what resolve, the volumes feature, the Deployment builder and the volume
 * rules agree on. A volume is a PersistentVolumeClaim. Unshared, each service instance has its own claim for
 * its one pod; shared, one claim named after the volume serves every pod of every service that lists it, so
 * it must be ReadWriteMany (the storage class must support it: NFS, CephFS, EFS, Filestore, Azure Files …).
 */
import { AUTOSCALED_KINDS } from './autoscale.js';
import { serviceReplicas } from './disruption.js';
import type { Profile, ServiceSpec } from './stack.js';

export type AccessMode = 'ReadWriteOnce' | 'ReadWriteOncePod' | 'ReadWriteMany';

export interface ResolvedVolume {
  name: string;
  /** The PersistentVolumeClaim's name. */
  claim: string;
  path: string;
  size: string;
  storageClass?: string;
  accessMode: AccessMode;
  shared: boolean;
  /** This service writes the claim object: every unshared volume, and a shared one for the first service listing it. */
  declares: boolean;
}

type VolumeSpec = NonNullable<ServiceSpec['volumes']>[string];

export function accessModeOf(v: Pick<VolumeSpec, 'shared' | 'accessMode'>): AccessMode {
  return v.accessMode ?? (v.shared ? 'ReadWriteMany' : 'ReadWriteOnce');
}

/** An unshared claim belongs to one service instance; a shared one to the stack. */
export function claimName(volume: string, instance: string, shared: boolean | undefined): string {
  return shared ? volume : `${instance}-${volume}`;
}

/**
 * Whether a service may run more than one pod at once: replicas above one (the profile's count included), an
 * autoscaler that may scale out, or an agent (a pod per node). Those pods cannot all use one ReadWriteOnce claim.
 */
export function manyPods(svc: Pick<ServiceSpec, 'replicas' | 'kind' | 'autoscale'>, profile: Profile): boolean {
  const kind = svc.kind ?? 'service';
  if (kind === 'agent') return true;
  if (svc.autoscale && AUTOSCALED_KINDS.includes(kind)) return svc.autoscale.max > 1;
  return serviceReplicas(svc.replicas, kind, profile) > 1;
}

/** Claims a single node attaches: a rolling update's new pod could not mount it while the old one runs elsewhere. */
export function singleAttach(mode: AccessMode): boolean {
  return mode !== 'ReadWriteMany';
}
