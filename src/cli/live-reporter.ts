/**
 * Live progress on a terminal: one block per wave, redrawn in place, with a line per component saying what it
 * waits on and why it is stuck; finished waves stay on screen. (Pipes and -o json get plain lines instead.)
 */
import logUpdate from 'log-update';
import type { LifecycleEvent, Reporter } from '../lifecycle/events.js';
import { lineFor } from './reporter.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface LiveReporter {
  report: Reporter;
  close(): void;
}

export function liveReporter(): LiveReporter {
  let header = '';
  const counts = { created: 0, configured: 0, unchanged: 0 };
  const components = new Map<string, { state: 'waiting' | 'ready' | 'failed'; text: string }>();
  let frame = 0;
  const draw = () => {
    const applied = Object.entries(counts).filter(([, n]) => n).map(([k, n]) => `${n} ${k}`).join(', ');
    const lines = [`${header}${applied ? `  (${applied})` : ''}`];
    for (const [name, c] of components) {
      const mark = c.state === 'ready' ? '✓' : c.state === 'failed' ? '✗' : FRAMES[frame % FRAMES.length];
      lines.push(`  ${mark} ${name}${c.text ? `: ${c.text}` : ''}`);
    }
    logUpdate(lines.join('\n'));
  };
  const timer = setInterval(() => {
    frame += 1;
    if ([...components.values()].some((c) => c.state === 'waiting')) draw();
  }, 120);
  timer.unref();
  const persist = (text: string) => {
    logUpdate.clear();
    process.stdout.write(`${text}\n`);
    draw();
  };
  const report = (e: LifecycleEvent) => {
    switch (e.type) {
      case 'wave':
        if (header) logUpdate.done();
        header = `[${e.index}/${e.total}] ${e.name}`;
        counts.created = counts.configured = counts.unchanged = 0;
        components.clear();
        break;
      case 'applied':
        counts[e.action] += 1;
        break;
      case 'waiting':
        components.set(e.component, { state: 'waiting', text: `${e.message}${e.problem ? ` — ${e.problem}` : ''}` });
        break;
      case 'ready':
        components.set(e.component, { state: 'ready', text: `ready in ${e.seconds}s` });
        break;
      case 'failed':
        components.set(e.component, { state: 'failed', text: e.reason });
        break;
      default:
        persist(lineFor(e) ?? '');
        return;
    }
    draw();
  };
  return {
    report,
    close() {
      clearInterval(timer);
      if (header) logUpdate.done();
    },
  };
}
