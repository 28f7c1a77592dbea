/**
 * Execute a plan's waves by unblocking (kapp's loop): apply every step whose prerequisites are done, wait for
 * any waiting component to become ready, unblock its users, repeat. A slow component holds back only what
 * waits for it, not the whole next level. Shared steps keep their wave barriers: setup before any component,
 * routing after all of them.
 */
import type { ClusterPort } from '../cluster/port.js';
import type { Step, Wave } from '../plan/waves.js';
import { mapLimit, sleep } from '../util/concurrency.js';
import { applyOne, type Before } from './engine.js';
import type { Action, Reporter } from './events.js';
import { pollReady, PollReads, type Waiting } from './wait.js';

export interface ApplyOptions {
  /** Per-component readiness timeout in seconds. @default 300 */
  timeoutSeconds?: number;
  /** Parallel API calls. @default 32 */
  concurrency?: number;
  /** Set when the user interrupts: stop before the next step. */
  signal?: AbortSignal;
  /** Lists already read for this run (the plan's inventory); the first poll reuses them while nothing changed. */
  reads?: PollReads;
}

interface Task {
  id: string;
  step: Step;
  deps: string[];
  /** Index of the progress block it belongs to (consecutive component waves form one block). */
  block: number;
}

function tasksOf(waves: readonly Wave[]): { tasks: Task[]; blocks: string[] } {
  const tasks: Task[] = [];
  const blocks: string[] = [];
  const earlierShared: string[] = [];
  let earlier: string[] = [];
  let lastWasComponents = false;
  const componentLevels = waves.filter((w) => w.steps.some((s) => s.component)).length;
  for (const [i, wave] of waves.entries()) {
    const components = wave.steps.some((s) => s.component);
    if (!components || !lastWasComponents) blocks.push(components ? (componentLevels > 1 ? `components (${componentLevels} levels, each starting once what it waits for is ready)` : wave.name) : wave.name);
    lastWasComponents = components;
    const ids: string[] = [];
    for (const [j, step] of wave.steps.entries()) {
      const id = step.component ?? `#${i}.${j}`;
      // A component needs the shared objects before it (identity, config, Services) and what it waits for.
      const deps = step.component ? [...earlierShared, ...(step.after ?? [])] : earlier;
      tasks.push({ id, step, deps, block: blocks.length - 1 });
      ids.push(id);
    }
    if (!components) earlierShared.push(...ids);
    earlier = [...earlier, ...ids];
  }
  return { tasks, blocks };
}

export async function executeWaves(client: ClusterPort, waves: readonly Wave[], opts: ApplyOptions & { before?: Before }, report: Reporter): Promise<Action[]> {
  const { tasks, blocks } = tasksOf(waves);
  const done = new Set<string>();
  const started = new Set<string>();
  const waiting: Waiting[] = [];
  const actions: Action[] = [];
  const reads = opts.reads ?? new PollReads(client);
  let reportedBlock = -1;
  let since = Date.now();
  while (done.size < tasks.length) {
    if (opts.signal?.aborted) throw new Error('interrupted');
    const runnable = tasks.filter((t) => !started.has(t.id) && t.deps.every((d) => done.has(d)));
    if (runnable.length) {
      for (const t of runnable) {
        started.add(t.id);
        while (reportedBlock < t.block) {
          reportedBlock += 1;
          report({ type: 'wave', index: reportedBlock + 1, total: blocks.length, name: blocks[reportedBlock]! });
        }
      }
      const applied = await mapLimit(runnable.flatMap((t) => t.step.objects), opts.concurrency ?? 32, (o) => applyOne(client, o, opts.before, report));
      if (applied.some((a) => a !== 'unchanged')) reads.forget();
      actions.push(...applied);
      for (const t of runnable) {
        if (t.step.wait && t.step.component) {
          waiting.push({ component: t.step.component, objects: t.step.objects, started: Date.now(), limit: (t.step.timeoutSeconds ?? opts.timeoutSeconds ?? 300) * 1000, last: '' });
        } else done.add(t.id);
      }
      since = Date.now();
      continue;
    }
    if (!waiting.length) throw new Error(`the plan has steps that can never start: ${tasks.filter((t) => !started.has(t.id)).map((t) => t.id).join(', ')}`);
    const ready = await pollReady(client, waiting, report, reads);
    for (const c of ready) {
      done.add(c);
      waiting.splice(waiting.findIndex((w) => w.component === c), 1);
    }
    // Someone still waits: the next poll must see the cluster as it is then.
    if (waiting.length) reads.forget();
    // Poll fast at first (most things are ready within a second or two), then back off.
    if (!ready.length) await sleep(Math.min(1000, 150 + (Date.now() - since) / 10));
  }
  return actions;
}
