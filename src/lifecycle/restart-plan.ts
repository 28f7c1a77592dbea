/**
 * Which components `slipway restart X` restarts and in what order. Pure: the asked component (every copy of it)
 * first, then its followers — what it names in `restartWith:`, transitively, and with `withDependents` every
 * component that uses it, transitively — in the stack's dependency order, so a follower restarts only after what
 * it depends on is back. Kinds without long-running pods are listed as skipped with the reason.
 */
import { ExitCode, SlipwayError } from '../diagnostics/errors.js';
import type { ResolvedStack } from '../model/resolved.js';
import { componentsOf, findComponent, type ComponentRef } from './component.js';

export interface RestartStep {
  component: string;
  kind: ComponentRef['kind'];
  /** Why it is in the plan: "asked", "restartWith of db", "uses db". */
  reason: string;
  /** Set when nothing is restarted for it, with why (a Job, a CronJob, external infra). */
  skip?: string;
  /** Marked protect: true; restarting it needs --force. */
  protect?: true;
}

export interface RestartPlan {
  stack: string;
  environment: string;
  namespace: string;
  steps: RestartStep[];
}

export interface RestartPlanOptions {
  tenant?: string;
  /** Also restart every component that uses a restarted one (the graph's dependents), transitively. @default false */
  withDependents?: boolean;
}

function skipReason(c: ComponentRef): string | undefined {
  if (c.external) return 'runs outside the cluster';
  if (c.kind === 'job') return `a Job runs to completion; \`slipway run ${c.name}\` runs it again`;
  if (c.kind === 'cron') return 'a CronJob starts fresh pods on its schedule';
  return undefined;
}

export function restartPlan(stack: ResolvedStack, name: string, opts: RestartPlanOptions = {}): RestartPlan {
  const asked = findComponent(stack, name, opts.tenant);
  const first = asked.map((c) => [c, skipReason(c)] as const).find(([, why]) => why);
  if (first && asked.length === 1) {
    throw new SlipwayError([{ code: 'usage', message: `${first[0].name} has no pods to restart: ${first[1]}`, path: '', hint: first[0].kind === 'job' ? `slipway run ${name}` : 'restart a service, worker, agent or internal infra' }], ExitCode.user);
  }
  const followers = new Map<string, string[]>();
  const add = (from: string, to: string) => followers.set(from, [...(followers.get(from) ?? []), to]);
  for (const c of [...stack.services, ...stack.infra]) for (const f of c.restartWith ?? []) add(c.name, f);
  const reasons = new Map<string, string>(asked.map((c) => [c.name, 'asked']));
  /** Who brought each follower in: it restarts after that one. */
  const parent = new Map<string, string>();
  const dependents = new Map<string, string[]>();
  if (opts.withDependents) for (const e of stack.edges) dependents.set(e.to, [...(dependents.get(e.to) ?? []), e.from]);
  const queue = asked.map((c) => c.name);
  while (queue.length) {
    const c = queue.shift()!;
    const next = [...(followers.get(c) ?? []).map((f) => [f, `restartWith of ${c}`] as const), ...(dependents.get(c) ?? []).map((d) => [d, `uses ${c}`] as const)];
    for (const [n, why] of next) {
      if (reasons.has(n)) continue;
      reasons.set(n, why);
      parent.set(n, c);
      queue.push(n);
    }
  }
  const protectedNames = new Set([...stack.services, ...stack.infra].filter((c) => c.protect).map((c) => c.name));
  const chosen = componentsOf(stack).filter((c) => reasons.has(c.name));
  const before = new Map<string, Set<string>>(chosen.map((c) => [c.name, new Set<string>()]));
  // Every copy of the asked component comes back before any follower starts.
  for (const c of chosen) if (reasons.get(c.name) !== 'asked') for (const a of asked) before.get(c.name)!.add(a.name);
  for (const [child, p] of parent) before.get(child)!.add(p);
  for (const e of stack.edges) if (before.has(e.from) && before.has(e.to) && !parent.has(e.to)) before.get(e.from)!.add(e.to);
  const ordered = topological(chosen, before);
  return {
    stack: stack.name,
    environment: stack.environment,
    namespace: stack.namespace,
    steps: ordered.map((c) => {
      const skip = skipReason(c);
      return { component: c.name, kind: c.kind, reason: reasons.get(c.name)!, ...(skip ? { skip } : {}), ...(!skip && protectedNames.has(c.name) ? { protect: true as const } : {}) };
    }),
  };
}

/**
 * Each component after those in its `before` set; ties (and, should restartWith point against the uses, a cycle)
 * are broken by apply order, so the result is stable and a dependency still comes first where it can.
 */
function topological(nodes: readonly ComponentRef[], before: ReadonlyMap<string, ReadonlySet<string>>): ComponentRef[] {
  const done = new Set<string>();
  const out: ComponentRef[] = [];
  while (out.length < nodes.length) {
    const left = nodes.filter((n) => !done.has(n.name));
    const next = left.find((n) => [...before.get(n.name)!].every((b) => done.has(b))) ?? left[0]!;
    done.add(next.name);
    out.push(next);
  }
  return out;
}

/** The refusal when the plan restarts a protected component and --force was not given. */
export function refuseProtected(plan: RestartPlan): SlipwayError | undefined {
  const names = plan.steps.filter((s) => s.protect).map((s) => s.component);
  if (!names.length) return undefined;
  return new SlipwayError(
    [
      {
        code: 'restart-protected',
        message: `${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} marked protect: true; not restarting anything`,
        path: '',
        hint: `check with the owners first, then pass --force (\`slipway restart ... --plan\` shows the whole order)`,
      },
    ],
    ExitCode.user,
  );
}

/** One line per step, in order: what --plan prints. */
export function formatRestartPlan(plan: RestartPlan): string {
  const lines = [`restart plan for ${plan.stack}/${plan.environment} in namespace ${plan.namespace}:`];
  let n = 0;
  for (const s of plan.steps) {
    if (s.skip) lines.push(`   -  ${s.component} (${s.kind}, ${s.reason}): skipped, ${s.skip}`);
    else lines.push(`  ${String(++n).padStart(2)}. ${s.component} (${s.kind}, ${s.reason})${s.protect ? ' [protected: needs --force]' : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
