/**
 * `slipway restart COMPONENT`: a rolling restart of the component (every copy, or one tenant's), waited for like
 * `up` waits, then of the components that must follow it (restart-plan.ts), one after the other, each waited for.
 * Holds the stack's lock for the whole run, so no up/rollback/down runs in between. A component that fails to
 * come back stops the run: what follows it is not restarted (exit 3).
 */
import { ExitCode, SlipwayError } from '../diagnostics/errors.js';
import { componentOf, refOf, type K8sObject } from '../k8s/object.js';
import type { LoadedStack } from '../load/load-stack.js';
import type { Reporter } from '../lifecycle/events.js';
import { acquireLock } from '../lifecycle/lock.js';
import { refuseProtected, restartPlan, type RestartPlan, type RestartPlanOptions } from '../lifecycle/restart-plan.js';
import { RESTARTABLE_KINDS, restartComponent } from '../lifecycle/rolling-restart.js';
import { whileHolding } from '../lifecycle/while-holding.js';
import { mapLimit } from '../util/concurrency.js';
import { renderStack } from './render.js';
import { connectTarget, renderTarget, type TargetOptions } from './target.js';

export interface RestartOptions extends TargetOptions, RestartPlanOptions {
  /** Restart components marked protect: true too. @default false */
  force?: boolean;
  forceUnlock?: boolean;
  /** Per-component readiness timeout in seconds (a component's own `timeout:` wins). @default 300 */
  timeoutSeconds?: number;
  report: Reporter;
}

export interface RestartResult {
  plan: RestartPlan;
  restarted: { component: string; seconds: number }[];
}

/** The plan alone, from the render: no cluster is contacted (`restart --plan`). */
export function planRestart(loaded: LoadedStack, component: string, opts: TargetOptions & RestartPlanOptions): RestartPlan {
  const { resolved } = renderStack(loaded, renderTarget(opts));
  return restartPlan(resolved, component, opts);
}

export async function restart(loaded: LoadedStack, component: string, opts: RestartOptions): Promise<RestartResult> {
  const { rendered, owner, client: cluster } = await connectTarget(loaded, opts);
  const plan = restartPlan(rendered.resolved, component, opts);
  if (!opts.force) {
    const refused = refuseProtected(plan);
    if (refused) throw refused;
  }
  const steps = plan.steps.filter((s) => !s.skip);
  const workloads = new Map(steps.map((s) => [s.component, rendered.objects.filter((o) => RESTARTABLE_KINDS.has(o.kind) && componentOf(o) === s.component)]));
  // Every workload must be there before the first restart: a half-done restart because of a typo helps nobody.
  const missing = (await mapLimit([...workloads.values()].flat(), 8, async (w) => ((await cluster.get(refOf(w))) ? undefined : `${w.kind}/${w.metadata.name}`))).filter((m): m is string => m !== undefined);
  if (missing.length) {
    throw new SlipwayError([{ code: 'not-deployed', message: `not in namespace ${owner.namespace}: ${missing.join(', ')}`, path: '', hint: `deploy first: slipway up${opts.environment ? ` -e ${opts.environment}` : ''}` }], ExitCode.user);
  }
  const timeouts = new Map([...rendered.resolved.services, ...rendered.resolved.infra].map((c) => [c.name, c.timeout]));
  const lock = await acquireLock(cluster, owner.namespace, owner.stack, owner.environment, { force: opts.forceUnlock ?? false, report: opts.report, ...(opts.now ? { now: opts.now } : {}) });
  const client = whileHolding(cluster, lock);
  const signal = opts.signal ? AbortSignal.any([opts.signal, lock.signal]) : lock.signal;
  const clock = opts.now ?? (() => new Date());
  const restarted: RestartResult['restarted'] = [];
  try {
    for (const [i, step] of steps.entries()) {
      const objects = workloads.get(step.component) as K8sObject[];
      try {
        const seconds = await restartComponent(client, step.component, objects, { at: clock(), timeoutSeconds: timeouts.get(step.component) ?? opts.timeoutSeconds ?? 300, signal }, opts.report);
        restarted.push({ component: step.component, seconds });
      } catch (e) {
        if (lock.signal.aborted) throw lock.signal.reason;
        const rest = steps.slice(i + 1).map((s) => s.component);
        const interrupted = opts.signal?.aborted ?? false;
        throw new SlipwayError(
          [
            {
              code: interrupted ? 'interrupted' : 'restart-failed',
              message: `${interrupted ? 'interrupted while restarting' : 'restart failed at'} ${(e as Error).message}${rest.length ? `; not restarted: ${rest.join(', ')}` : ''}`,
              path: '',
              hint: interrupted ? 'the restart already begun goes on; run the command again to finish the rest' : 'see `slipway status` and `slipway logs`; fix the cause and run the restart again',
            },
          ],
          ExitCode.deployFailed,
        );
      }
    }
    return { plan, restarted };
  } finally {
    await lock.release();
  }
}
