/**
 * One up/rollback/down per stack and environment at a time: a coordination.k8s.io Lease in the namespace.
 *
 * - A live lease (renewed within its leaseDurationSeconds) refuses a second run with who holds it and since when;
 *   `--force-unlock` takes it over anyway. An expired one is taken over with a note: its run is gone.
 * - Every takeover and the release are conditional on the resourceVersion that was read, so two runs never both
 *   win, and a run never deletes a lease someone else has taken since.
 * - The holder renews every third of the duration. When it can no longer prove it holds the lease (someone else
 *   holds it, it was deleted, or renewing failed for a whole duration), `signal` aborts with a `lock-lost` error:
 *   from then on the run must not write (see whileHolding).
 * - Release deletes the lease at once (no garbage collector involved) and never throws: a lease that could not be
 *   deleted expires by itself, and the run's own outcome is what the user needs to see.
 */
import { hostname, userInfo } from 'node:os';
import type { ClusterPort } from '../cluster/port.js';
import { ClusterError } from '../cluster/errors.js';
import { ExitCode, SlipwayError, userError } from '../diagnostics/errors.js';
import { refKey, type ObjectRef } from '../k8s/object.js';
import type { Reporter } from './events.js';
import { DEFAULT_LEASE_SECONDS, leaseFor, leaseRef, leaseState, renewed, type Lease } from './lease.js';

export interface Lock {
  /** Aborted, with a `lock-lost` SlipwayError as its reason, once this run no longer holds the lock. */
  readonly signal: AbortSignal;
  /** Stop renewing and delete the lease if it is still ours. Never rejects (failures become a note). */
  release(): Promise<void>;
}

export interface LockOptions {
  /** Take over a live lease too. @default false */
  force?: boolean;
  /** Notes: takeovers, renewal trouble, a release that failed. @default none */
  report?: Reporter;
  /** The clock. @default () => new Date() */
  now?: () => Date;
  /** Validity of the lease without renewal. @default $SLIPWAY_LEASE_SECONDS (for tests), else 60 */
  leaseSeconds?: number;
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

function envLeaseSeconds(): number | undefined {
  const v = Number(process.env.SLIPWAY_LEASE_SECONDS);
  return Number.isInteger(v) && v > 0 ? v : undefined;
}

/** Someone created or changed the lease between our read and our write. */
const raced = (e: unknown) => e instanceof ClusterError && (e.status === 409 || e.status === 422);

export function lockLost(message: string): SlipwayError {
  return new SlipwayError(
    [{ code: 'lock-lost', message, path: '', hint: 'nothing more was applied after that; see `slipway status` and `slipway history`, and run again once the other run has finished' }],
    ExitCode.deployFailed,
  );
}

export async function acquireLock(client: ClusterPort, namespace: string, stack: string, environment: string, opts: LockOptions = {}): Promise<Lock> {
  const now = opts.now ?? (() => new Date());
  const report = opts.report ?? (() => undefined);
  const seconds = opts.leaseSeconds ?? envLeaseSeconds() ?? DEFAULT_LEASE_SECONDS;
  const ref = leaseRef(namespace, stack, environment);
  const me = whoAmI();
  const existing = (await client.get(ref)) as Lease | undefined;
  let held: Lease;
  try {
    if (!existing) held = (await client.create(leaseFor(ref, stack, environment, me, now(), seconds))) as Lease;
    else {
      const state = leaseState(existing, now(), seconds);
      const when = `since ${state.since} (last renewed ${state.lastRenewed}`;
      if (!state.stale && !opts.force) {
        throw userError(
          `${stack}/${environment} is locked by ${state.holder} ${when}, valid until ${state.expires.toISOString()})`,
          'another up/rollback/down is running; if that run is gone, wait until its lease expires or pass --force-unlock',
        );
      }
      held = (await client.replace(leaseFor(ref, stack, environment, me, now(), seconds, existing))) as Lease;
      report({
        type: 'note',
        message: state.stale
          ? `took over the lock of ${stack}/${environment}: ${state.holder} held it ${when}) and its lease expired at ${state.expires.toISOString()}`
          : `--force-unlock: took over the lock of ${stack}/${environment} from ${state.holder}, who held it ${when})`,
      });
    }
  } catch (e) {
    if (raced(e)) throw userError(`${stack}/${environment} was locked by another run a moment ago`, 'try again when it has finished');
    throw e;
  }
  return new HeldLease(client, ref, me, held, seconds, report, now);
}

class HeldLease implements Lock {
  private readonly lost = new AbortController();
  readonly signal = this.lost.signal;
  private timer: NodeJS.Timeout | undefined;
  private expiry: NodeJS.Timeout | undefined;
  private inflight: Promise<void> = Promise.resolve();
  private renewError: string | undefined;
  private released = false;

  constructor(
    private readonly client: ClusterPort,
    private readonly ref: ObjectRef,
    private readonly me: string,
    private held: Lease,
    private readonly seconds: number,
    private readonly report: Reporter,
    private readonly now: () => Date,
  ) {
    this.armExpiry();
    this.schedule();
  }

  /** Without a renewal within the lease duration, another run may legitimately take over: stop before it can. */
  private armExpiry(): void {
    clearTimeout(this.expiry);
    this.expiry = setTimeout(() => this.lose(`lost the lock: it could not be renewed for ${this.seconds}s (${this.renewError ?? 'no answer'})`), this.seconds * 1000);
    this.expiry.unref();
  }

  private schedule(): void {
    this.timer = setTimeout(() => (this.inflight = this.renew()), (this.seconds * 1000) / 3);
    this.timer.unref();
  }

  private lose(message: string): void {
    if (this.released || this.signal.aborted) return;
    clearTimeout(this.timer);
    clearTimeout(this.expiry);
    this.lost.abort(lockLost(message));
  }

  private async renew(): Promise<void> {
    try {
      this.held = (await this.client.replace(renewed(this.held, this.now()))) as Lease;
      if (this.renewError) this.report({ type: 'note', message: 'renewed the lock again' });
      this.renewError = undefined;
      if (!this.released) this.armExpiry();
    } catch (e) {
      if (e instanceof ClusterError && (e.status === 409 || e.status === 404)) await this.recheck();
      else if (this.renewError === undefined) {
        this.renewError = (e as Error).message;
        this.report({ type: 'note', message: `could not renew the lock (${this.renewError}); retrying, and stopping if it cannot be renewed within ${this.seconds}s` });
      }
    }
    if (!this.released && !this.signal.aborted) this.schedule();
  }

  /** The lease changed under us: find out whether it is still ours. */
  private async recheck(): Promise<void> {
    const live = (await this.client.get(this.ref).catch(() => this.held)) as Lease | undefined;
    if (!live) this.lose(`lost the lock: someone deleted ${refKey(this.ref)}`);
    else if (live.spec.holderIdentity !== this.me) this.lose(`lost the lock to ${live.spec.holderIdentity ?? 'someone'}`);
    else this.held = live;
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    clearTimeout(this.timer);
    clearTimeout(this.expiry);
    await this.inflight;
    if (this.signal.aborted) return;
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          await this.client.delete(this.ref, { resourceVersion: String(this.held.metadata.resourceVersion), propagation: 'Background' });
          return;
        } catch (e) {
          if (!(e instanceof ClusterError && e.status === 409) || attempt > 0) throw e;
          // Changed since we last wrote it: delete it only if it is still ours.
          const live = (await this.client.get(this.ref)) as Lease | undefined;
          if (live?.spec.holderIdentity !== this.me) return;
          this.held = live;
        }
      }
    } catch (e) {
      this.report({ type: 'note', message: `could not release the lock (${(e as Error).message}); it expires by itself ${this.seconds}s after its last renewal` });
    }
  }
}
