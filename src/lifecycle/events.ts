/** The typed event stream of up/rollback/down: the CLI prints it, JSON lines carry it, a web view can stream it. */

export type Action = 'created' | 'configured' | 'unchanged';

export type LifecycleEvent =
  | { type: 'wave'; index: number; total: number; name: string }
  | { type: 'applied'; object: string; action: Action }
  /** `keys added`: the Secret existed without some generated keys (added to the stack since); only those were written. */
  | { type: 'secret'; name: string; action: 'created' | 'kept' | 'keys added'; keys?: string[] }
  | { type: 'waiting'; component: string; message: string; problem?: string }
  | { type: 'ready'; component: string; seconds: number }
  /** `slipway restart` changed the pod template of one of the component's workloads. */
  | { type: 'restarted'; component: string; object: string }
  | { type: 'failed'; component: string; reason: string }
  | { type: 'deleted'; object: string }
  | { type: 'kept'; object: string; why: string }
  | { type: 'note'; message: string };

export type Reporter = (e: LifecycleEvent) => void;

/** A component that will not become ready (failed for good, or timed out): the rollout fails with exit 3. */
export class ComponentFailure extends Error {
  constructor(
    readonly component: string,
    readonly reason: string,
  ) {
    super(`${component}: ${reason}`);
    this.name = 'ComponentFailure';
  }
}
