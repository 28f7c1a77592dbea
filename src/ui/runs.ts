/**
 * `up` and `rollback` started from the page: the same library commands the CLI runs (so the same preflight, lock,
 * waves, history and events), one at a time per server, their events broadcast to every open page as the CLI
 * would print them. The cluster's lock still guards against runs from elsewhere (another terminal, CI).
 */
import { lineFor } from '../cli/reporter.js';
import { pageFailure } from './failure.js';
import type { RunMessage } from './protocol.js';
import type { Targeted } from './selection.js';

export interface RunRequest {
  action: 'up' | 'rollback';
  /** rollback: the revision to re-apply (default: the previous one). */
  revision?: number;
}

export interface Runs {
  /** Start a run; false when one is already running (the page is told to wait). */
  start(selected: Targeted, req: RunRequest): boolean;
  subscribe(listener: (m: RunMessage) => void): () => void;
  /** Stop the running run at its next safe point (recorded as interrupted) and wait for it to end. */
  close(): Promise<void>;
}

export function runs(): Runs {
  const listeners = new Set<(m: RunMessage) => void>();
  const stop = new AbortController();
  let running: Promise<void> | undefined;
  const send = (m: RunMessage) => {
    for (const l of listeners) l(m);
  };
  const carryOut = async (s: Targeted, req: RunRequest): Promise<void> => {
    const { up, rollback } = await import('../commands/up.js');
    const opts = { ...s.target, signal: stop.signal, report: (event: Parameters<typeof lineFor>[0]) => send({ type: 'event', event, line: lineFor(event) ?? '' }) };
    try {
      const r = req.action === 'up' ? await up(s.loaded, opts) : await rollback(s.loaded, { ...opts, ...(req.revision ? { to: req.revision } : {}) });
      const text = r.status === 'unchanged' ? 'up to date (no changes)' : `${req.action === 'up' ? 'deployed' : 'rolled back:'} revision ${r.revision} (${r.changed} objects changed, ${r.deleted.length} pruned)`;
      send({ type: 'finished', ok: true, text });
    } catch (e) {
      send({ type: 'finished', ok: false, text: (await pageFailure(e)).text });
    }
  };
  return {
    start(selected, req) {
      if (running || stop.signal.aborted) return false;
      send({ type: 'started', action: req.action, ...(req.revision ? { revision: req.revision } : {}) });
      running = carryOut(selected, req).finally(() => (running = undefined));
      return true;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      stop.abort();
      await running;
    },
  };
}
