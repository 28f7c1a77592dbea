/**
 * The coordination.k8s.io Lease behind slipway's lock, as plain data: its name, the object a holder writes, and
 * whether a lease found in the cluster is still live. No I/O here; lock.ts does the talking.
 */
import { lockLabels } from '../model/ownership.js';
import type { K8sObject, ObjectRef } from '../k8s/object.js';

/** How long a lease stays valid without renewal. @default 60 */
export const DEFAULT_LEASE_SECONDS = 60;

export interface Lease extends K8sObject {
  spec: { holderIdentity?: string; acquireTime?: string; renewTime?: string; leaseDurationSeconds?: number; leaseTransitions?: number };
}

export function leaseRef(namespace: string, stack: string, environment: string): ObjectRef {
  return { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', namespace, name: `slipway-lock.${stack}.${environment}` };
}

/** MicroTime as the API server wants it (microseconds, not the milliseconds of toISOString). */
export function microTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** A fresh lease for `holder`, or a takeover of `previous` (same resourceVersion, so a concurrent change makes the write fail). */
export function leaseFor(ref: ObjectRef, stack: string, environment: string, holder: string, now: Date, seconds: number, previous?: Lease): Lease {
  const at = microTime(now);
  return {
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    metadata: {
      name: ref.name,
      namespace: ref.namespace,
      labels: lockLabels(stack, environment),
      ...(previous ? { resourceVersion: previous.metadata.resourceVersion } : {}),
    },
    spec: {
      holderIdentity: holder,
      acquireTime: at,
      renewTime: at,
      leaseDurationSeconds: seconds,
      ...(previous ? { leaseTransitions: (previous.spec.leaseTransitions ?? 0) + 1 } : {}),
    },
  };
}

/** The same lease with renewTime moved to `now`. */
export function renewed(lease: Lease, now: Date): Lease {
  return { ...lease, spec: { ...lease.spec, renewTime: microTime(now) } };
}

export interface LeaseState {
  holder: string;
  /** When the holder took it. */
  since: string;
  lastRenewed: string;
  /** When it stops being valid unless renewed again. */
  expires: Date;
  stale: boolean;
}

/**
 * Whether a lease in the cluster is still live at `now`. A lease nobody ever renewed counts from its acquireTime,
 * then from its creation; one without leaseDurationSeconds gets slipway's default. The holder's clock wrote these
 * times, so clock skew between machines shifts the verdict by the skew.
 */
export function leaseState(lease: Lease, now: Date, defaultSeconds = DEFAULT_LEASE_SECONDS): LeaseState {
  const created = typeof lease.metadata.creationTimestamp === 'string' ? lease.metadata.creationTimestamp : undefined;
  const lastRenewed = lease.spec.renewTime ?? lease.spec.acquireTime ?? created;
  const seconds = lease.spec.leaseDurationSeconds ?? defaultSeconds;
  const renewedAt = lastRenewed ? Date.parse(lastRenewed) : NaN;
  // An unreadable time cannot prove the holder gone: treat it as renewed just now.
  const expires = new Date((Number.isNaN(renewedAt) ? now.getTime() : renewedAt) + seconds * 1000);
  return {
    holder: lease.spec.holderIdentity ?? 'someone',
    since: lease.spec.acquireTime ?? created ?? '?',
    lastRenewed: lastRenewed ?? '?',
    expires,
    stale: expires.getTime() < now.getTime(),
  };
}
