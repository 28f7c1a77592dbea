/**
 * The apply plan as data: waves run one after another, steps inside a wave in parallel. Components start in
 * dependency order (a component waits for everything it `uses` with a wait); identity and config come first,
 * routing last. A pure function, with a text printer used for --debug output and as the test oracle.
 */
import type { K8sObject } from '../k8s/object.js';
import type { ResolvedStack } from '../model/resolved.js';
import { applyRank, PHASES } from '../k8s/kinds/index.js';
import { componentOf as componentLabel } from '../k8s/object.js';

export interface Step {
  /** Component the objects belong to (for workloads); undefined for shared objects. */
  component?: string;
  objects: K8sObject[];
  /** Wait for these objects to be ready before the wave counts as done. */
  wait: boolean;
  /** The component's own readiness timeout in seconds (stack `timeout:`), if set. */
  timeoutSeconds?: number;
}

export interface Wave {
  name: string;
  steps: Step[];
}

const WORKLOAD = PHASES.indexOf('workload');

function componentOf(o: K8sObject): string {
  return componentLabel(o) ?? o.metadata.name;
}

/** Depth of each component: 0 without waited-for dependencies, else one more than its deepest dependency. */
function depths(stack: ResolvedStack): Map<string, number> {
  const deps = new Map<string, string[]>();
  for (const e of stack.edges) if (e.wait) deps.set(e.from, [...(deps.get(e.from) ?? []), e.to]);
  const depth = new Map<string, number>();
  for (const c of stack.order) depth.set(c, Math.max(-1, ...(deps.get(c) ?? []).map((d) => depth.get(d) ?? 0)) + 1);
  return depth;
}

export function planWaves(objects: readonly K8sObject[], stack: ResolvedStack): Wave[] {
  const namespace = objects.filter((o) => o.kind === 'Namespace');
  const setup = objects.filter((o) => o.kind !== 'Namespace' && applyRank(o.kind) < WORKLOAD);
  const routing = objects.filter((o) => applyRank(o.kind) > WORKLOAD);
  const depth = depths(stack);
  const timeouts = new Map<string, number>();
  for (const c of [...stack.services, ...stack.infra]) if (c.timeout) timeouts.set(c.name, c.timeout);
  const byDepth = new Map<number, Map<string, K8sObject[]>>();
  for (const o of objects.filter((x) => applyRank(x.kind) === WORKLOAD)) {
    const c = componentOf(o);
    const d = depth.get(c) ?? 0;
    const level = byDepth.get(d) ?? new Map<string, K8sObject[]>();
    level.set(c, [...(level.get(c) ?? []), o]);
    byDepth.set(d, level);
  }
  const waves: Wave[] = [];
  if (namespace.length) waves.push({ name: 'namespace', steps: [{ objects: namespace, wait: false }] });
  if (setup.length) waves.push({ name: 'identity, config and services', steps: [{ objects: setup, wait: false }] });
  for (const d of [...byDepth.keys()].sort((a, b) => a - b)) {
    const level = byDepth.get(d)!;
    waves.push({
      name: `components, level ${d}`,
      steps: [...level.keys()].sort().map((c) => ({ component: c, objects: level.get(c)!, wait: true, ...(timeouts.has(c) ? { timeoutSeconds: timeouts.get(c)! } : {}) })),
    });
  }
  if (routing.length) waves.push({ name: 'routing and policies', steps: [{ objects: routing, wait: false }] });
  return waves;
}

export function formatWaves(waves: readonly Wave[]): string {
  return waves
    .map((w, i) => {
      const steps = w.steps.map((s) => `  ${s.component ? `${s.component}: ` : ''}${s.objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}${s.wait ? ` (wait${s.timeoutSeconds ? ` ${s.timeoutSeconds}s` : ''})` : ''}`);
      return [`wave ${i + 1}: ${w.name}`, ...steps].join('\n');
    })
    .join('\n');
}
