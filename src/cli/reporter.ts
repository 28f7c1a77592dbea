/** How lifecycle events reach people (one line each) or machines (one JSON object per line). */
import type { LifecycleEvent, Reporter } from '../lifecycle/events.js';

export function lineFor(e: LifecycleEvent): string | undefined {
  switch (e.type) {
    case 'wave':
      return `[${e.index}/${e.total}] ${e.name}`;
    case 'applied':
      return e.action === 'unchanged' ? undefined : `  ${e.action} ${e.object}`;
    case 'secret':
      return e.action === 'created' ? `  generated Secret ${e.name}` : e.action === 'keys added' ? `  generated ${e.keys?.join(', ')} in Secret ${e.name}` : undefined;
    case 'waiting':
      return `  waiting for ${e.component}: ${e.message}${e.problem ? ` — ${e.problem}` : ''}`;
    case 'restarted':
      return `  restarting ${e.object}`;
    case 'ready':
      return `  ready ${e.component} (${e.seconds}s)`;
    case 'failed':
      return `  FAILED ${e.component}: ${e.reason}`;
    case 'deleted':
      return `  deleted ${e.object}`;
    case 'kept':
      return `  kept ${e.object}: ${e.why}`;
    case 'note':
      return `note: ${e.message}`;
  }
}

/** With `cluster` (a run fanned out over several clusters), every line is tagged with it. */
export function reporter(json: boolean, write: (s: string) => void = (s) => process.stdout.write(s), cluster?: string): Reporter {
  return (e) => {
    if (json) write(`${JSON.stringify(cluster === undefined ? e : { cluster, ...e })}\n`);
    else {
      const line = lineFor(e);
      if (line !== undefined) write(`${cluster === undefined ? '' : `[${cluster}] `}${line}\n`);
    }
  };
}

/** Ctrl-C / SIGTERM abort the run cleanly (revision marked, lock released); a second signal exits at once. */
export function interruptSignal(): AbortSignal {
  const ctrl = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    if (ctrl.signal.aborted) process.exit(130);
    process.stderr.write(`\n${sig}: stopping after the current step (again to exit now)\n`);
    ctrl.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return ctrl.signal;
}
