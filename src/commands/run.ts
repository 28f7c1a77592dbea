/**
 * `slipway run JOB` re-runs a `job` component (a migration) as a fresh Job; `slipway run SERVICE -- cmd…` runs a
 * one-off task in a service's image, env and wiring (lifecycle/run-job.ts builds both). The logs of its pods are
 * streamed while it runs; the command ends with the Job: it returns when it succeeded and throws `run-failed`
 * (exit 1) when it failed, with the reason `up` would give. Holds the stack's lock while the Job runs, so no
 * up/rollback/down changes the stack under a migration.
 */
import { ExitCode, SlipwayError, userError } from '../diagnostics/errors.js';
import { explain } from '../k8s/explain.js';
import { readiness } from '../k8s/kinds/index.js';
import { componentOf, type K8sObject } from '../k8s/object.js';
import { podTemplateOf } from '../k8s/pod-template.js';
import type { LoadedStack } from '../load/load-stack.js';
import type { Reporter } from '../lifecycle/events.js';
import { acquireLock } from '../lifecycle/lock.js';
import { runJob } from '../lifecycle/run-job.js';
import { whileHolding } from '../lifecycle/while-holding.js';
import { sleep } from '../util/concurrency.js';
import { findComponent } from '../lifecycle/component.js';
import { connectTarget, type TargetOptions } from './target.js';
import type { ClusterPort } from '../cluster/port.js';

export interface RunOptions extends TargetOptions {
  tenant?: string;
  /** The task's command for a service; for a job, replaces its command. */
  command?: string[];
  /** The Job's deadline in seconds (activeDeadlineSeconds). @default the component's `timeout:`, else 300 */
  timeoutSeconds?: number;
  forceUnlock?: boolean;
  /** Receives log lines, prefixed `pod/container | `. */
  write: (line: string) => void;
  report: Reporter;
}

export interface RunResult {
  job: string;
  component: string;
  status: 'succeeded';
  seconds: number;
}

/** The Job's own result as the exit code: 1 when it failed (not a slipway bug, despite sharing the number). */
const RUN_FAILED = 1;

const WORKLOADS = new Set(['Job', 'Deployment', 'StatefulSet', 'DaemonSet', 'CronJob']);

export async function run(loaded: LoadedStack, name: string, opts: RunOptions): Promise<RunResult> {
  const { rendered, owner, client: cluster } = await connectTarget(loaded, opts);
  const { resolved } = rendered;
  const found = findComponent(resolved, name, opts.tenant);
  if (found.length > 1) throw userError(`"${name}" has ${found.length} copies (${found.map((c) => c.name).join(', ')}); say which`, `pass --tenant, or name the copy: slipway run ${found[0]!.name}`);
  const component = found[0]!;
  if (component.kind === 'infra') throw userError(`${name} is infra: run starts a job or a task in a service's image`, `slipway run <service> -- <command>`);
  if (component.kind !== 'job' && !opts.command?.length) throw userError(`${name} is a ${component.kind}: say what to run in its image`, `slipway run ${name} -- <command> [args…]`);
  const source = rendered.objects.find((o) => WORKLOADS.has(o.kind) && componentOf(o) === component.name);
  if (!source) throw new Error(`run: no workload rendered for ${component.name}`);
  const service = resolved.services.find((s) => s.name === component.name)!;
  // The wiring (ServiceAccount, config, credentials) comes from `up`: without it the pod could not even be created.
  const account = (podTemplateOf(source)?.spec as { serviceAccountName?: string } | undefined)?.serviceAccountName ?? 'default';
  if (!(await cluster.get({ apiVersion: 'v1', kind: 'ServiceAccount', namespace: owner.namespace, name: account }))) {
    throw new SlipwayError([{ code: 'not-deployed', message: `${component.name} is not deployed in namespace ${owner.namespace} (no ServiceAccount/${account})`, path: '', hint: `deploy first: slipway up${opts.environment ? ` -e ${opts.environment}` : ''}` }], ExitCode.user);
  }
  const deadline = opts.timeoutSeconds ?? service.timeout ?? 300;
  const job = runJob({ owner, component: component.name, source, container: service.base, ...(opts.command?.length ? { command: opts.command } : {}), deadlineSeconds: deadline });
  const lock = await acquireLock(cluster, owner.namespace, owner.stack, owner.environment, { force: opts.forceUnlock ?? false, report: opts.report, ...(opts.now ? { now: opts.now } : {}) });
  try {
    const client = whileHolding(cluster, lock);
    const created = await client.create(job);
    const jobName = created.metadata.name;
    opts.report({ type: 'note', message: `started Job ${jobName} (${component.kind === 'job' ? `a fresh run of ${component.name}` : `${opts.command!.join(' ')} in ${component.name}'s image`})` });
    const started = Date.now();
    const outcome = await follow(client, owner.namespace, created, service.base, deadline, opts);
    if (!outcome.ok) {
      throw new SlipwayError(
        [{ code: 'run-failed', message: `Job ${jobName} failed: ${outcome.message}`, path: '', hint: `its pods and logs stay for a day: slipway logs ${name}${opts.tenant ? ` --tenant ${opts.tenant}` : ''}; kubectl describe job ${jobName} -n ${owner.namespace}` }],
        RUN_FAILED,
      );
    }
    return { job: jobName, component: component.name, status: 'succeeded', seconds: Math.round((Date.now() - started) / 100) / 10 };
  } finally {
    await lock.release();
  }
}

/** Stream the Job's pods' logs (the app container) until the Job is done; its final state with the stall explained. */
async function follow(client: ClusterPort, namespace: string, job: K8sObject, container: string, deadline: number, opts: RunOptions): Promise<{ ok: boolean; message: string }> {
  const streams = new Map<string, Promise<AbortController | undefined>>();
  const flushes: (() => void)[] = [];
  const selector = `batch.kubernetes.io/job-name=${job.metadata.name}`;
  // The controller fails the Job at its deadline; this only guards against a controller that never does.
  const giveUp = Date.now() + (deadline + 60) * 1000;
  let last = '';
  let lastProblem: string | undefined;
  try {
    for (;;) {
      if (opts.signal?.aborted) throw new SlipwayError([{ code: 'interrupted', message: `interrupted; Job ${job.metadata.name} goes on running`, path: '', hint: `kubectl delete job ${job.metadata.name} -n ${namespace} stops it` }], ExitCode.deployFailed);
      const [live, pods] = await Promise.all([client.get({ apiVersion: 'batch/v1', kind: 'Job', namespace, name: job.metadata.name }), client.list('v1', 'Pod', namespace, selector)]);
      for (const pod of pods.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))) {
        const phase = (pod as { status?: { phase?: string } }).status?.phase ?? 'Pending';
        if (phase === 'Pending' || streams.has(pod.metadata.name)) continue;
        const key = `${pod.metadata.name}/${container}`;
        let partial = '';
        const sink = (chunk: string) => {
          const lines = (partial + chunk).split('\n');
          partial = lines.pop() ?? '';
          for (const l of lines) opts.write(`${key} | ${l}`);
        };
        flushes.push(() => {
          if (partial) opts.write(`${key} | ${partial}`);
          partial = '';
        });
        streams.set(
          pod.metadata.name,
          client.streamLogs(namespace, pod.metadata.name, container, sink, { follow: phase === 'Running' }).catch((e: Error) => {
            opts.write(`${key} | (logs unavailable: ${e.message})`);
            return undefined;
          }),
        );
      }
      const state = live ? readiness(live, pods) : { done: true, ok: false, message: 'the Job was deleted' };
      if (state.done) {
        const found = state.ok ? undefined : explain(pods, await client.list('v1', 'Event', namespace), live);
        // At its deadline the controller deletes the pods, and with them what they were stuck on: say what was seen last.
        const problem = found ? `${found.reason}: ${found.message}` : lastProblem;
        return { ok: state.ok, message: `${state.message}${!state.ok && problem ? ` — ${problem}` : ''}` };
      }
      if (Date.now() > giveUp) return { ok: false, message: `not finished after ${deadline}s (${state.message})` };
      const problem = Date.now() - Number(new Date(String(job.metadata.creationTimestamp ?? Date.now()))) > 2000 ? explain(pods, await client.list('v1', 'Event', namespace), live) : undefined;
      if (problem) lastProblem = `${problem.reason}: ${problem.message}`;
      const text = `${state.message}${problem ? ` — ${problem.reason}: ${problem.message}` : ''}`;
      if (text !== last) opts.report({ type: 'waiting', component: job.metadata.name, message: state.message, ...(problem ? { problem: `${problem.reason}: ${problem.message}` } : {}) });
      last = text;
      await sleep(500);
    }
  } finally {
    // A follow stream ends by itself once the container has exited; give it a moment to deliver the last lines.
    await sleep(streams.size ? 1000 : 0);
    for (const s of streams.values()) (await s)?.abort();
    for (const f of flushes) f();
  }
}
