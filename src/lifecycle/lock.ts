/**
 * One up/rollback/down per stack and environment at a time: a coordination.k8s.io Lease in the namespace.
 * A second run is refused with who holds the lock and since when; `--force-unlock` takes over a stale one.
 */
import { hostname, userInfo } from 'node:os';
import type { ClusterPort } from '../cluster/port.js';
import { ClusterError } from '../cluster/errors.js';
import { lockLabels } from '../model/ownership.js';
import { userError } from '../diagnostics/errors.js';
import type { K8sObject } from '../k8s/object.js';

export interface Lock {
  release(): Promise<void>;
}

export function whoAmI(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    /* no passwd entry (containers) */
  }
  return `${user}@${hostname()} pid ${process.pid}`;
}

const LEASE_SECONDS = 60;

interface Lease extends K8sObject {
  spec: { holderIdentity?: string; acquireTime?: string; renewTime?: string; leaseDurationSeconds?: number };
}

function lease(name: string, namespace: string, stack: string, environment: string, holder: string, now: string, resourceVersion?: string): Lease {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, namespace, labels: lockLabels(stack, environment), ...(resourceVersion ? { resourceVersion } : {}) },
    spec: { holderIdentity: holder, acquireTime: now, renewTime: now, leaseDurationSeconds: LEASE_SECONDS },
  };
}

/** MicroTime as the API server wants it. */
function microTime(d = new Date()): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export async function acquireLock(client: ClusterPort, namespace: string, stack: string, environment: string, opts: { force?: boolean } = {}): Promise<Lock> {
  const name = `slipway-lock.${stack}.${environment}`;
  const me = whoAmI();
  const ref = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', namespace, name };
  const existing = (await client.get(ref)) as Lease | undefined;
  try {
    if (!existing) await client.create(lease(name, namespace, stack, environment, me, microTime()));
    else if (!opts.force) {
      throw userError(
        `${stack}/${environment} is locked by ${existing.spec.holderIdentity ?? 'someone'} since ${existing.spec.acquireTime ?? '?'} (last renewed ${existing.spec.renewTime ?? '?'})`,
        'another up/rollback/down is running; if that run is gone, pass --force-unlock',
      );
    } else await client.replace(lease(name, namespace, stack, environment, me, microTime(), existing.metadata.resourceVersion as string));
  } catch (e) {
    // Someone created or took the lease between our read and write.
    if (e instanceof ClusterError && (e.status === 409 || e.status === 422)) throw userError(`${stack}/${environment} was locked by another run a moment ago`, 'try again when it has finished');
    throw e;
  }
  const renew = setInterval(() => {
    void (async () => {
      const cur = (await client.get(ref)) as Lease | undefined;
      if (cur?.spec.holderIdentity !== me) return;
      await client.replace({ ...cur, spec: { ...cur.spec, renewTime: microTime() } } as Lease);
    })().catch(() => undefined);
  }, (LEASE_SECONDS / 3) * 1000);
  renew.unref();
  return {
    async release() {
      clearInterval(renew);
      const cur = (await client.get(ref)) as Lease | undefined;
      if (cur?.spec.holderIdentity === me) await client.delete(ref);
    },
  };
}
