/**
 * The apply plan as data: waves run one after another, steps inside a wave in parallel. Components start in
 * dependency order (a component waits for everything it `uses` with a wait); identity and config come first,
 * routing last. Waves are the printed plan and the input of static emitters; `up` executes the same steps by
 * unblocking (each step carries what it waits for), so a slow component holds back only its own users.
 * A pure function, with a text printer used for --plan output and as the test oracle.
 */
import type { K8sObject } from '../k8s/object.js';
import { applyRank, isCustomGroup, kindInfo, PHASES } from '../k8s/kinds/index.js';
import { componentOf as componentLabel } from '../k8s/object.js';
import { waitsFor, type StackGraph } from '../model/graph.js';

export interface Step {
  /** Component the objects belong to (for workloads); undefined for shared objects. */
  component?: string;
  objects: K8sObject[];
  /** Wait for these objects to be ready before the step counts as done. */
  wait: boolean;
  /** The component's own readiness timeout in seconds (stack `timeout:`), if set. */
  timeoutSeconds?: number;
  /** Components (steps of this plan) that must be ready before this step starts, sorted. */
  after?: string[];
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
function depths(graph: StackGraph): Map<string, number> {
  const depth = new Map<string, number>();
  for (const n of graph.nodes) depth.set(n.name, Math.max(-1, ...waitsFor(graph, n.name).map((d) => depth.get(d) ?? 0)) + 1);
  return depth;
}

export function planWaves(objects: readonly K8sObject[], graph: StackGraph): Wave[] {
  const nodes = new Set(graph.nodes.map((n) => n.name));
  // A custom resource labelled with a component (an operator's database Cluster) is that component's workload:
  // its users wait for it like for a StatefulSet, through its status conditions.
  const operated = (o: K8sObject) => !kindInfo(o.kind, o.apiVersion) && isCustomGroup(o.apiVersion) && nodes.has(componentLabel(o) ?? '');
  const isWorkload = (o: K8sObject) => applyRank(o.kind) === WORKLOAD || operated(o);
  const namespace = objects.filter((o) => o.kind === 'Namespace');
  const setup = objects.filter((o) => o.kind !== 'Namespace' && applyRank(o.kind) < WORKLOAD);
  const routing = objects.filter((o) => applyRank(o.kind) > WORKLOAD && !operated(o));
  const depth = depths(graph);
  const timeouts = new Map(graph.nodes.filter((n) => n.timeoutSeconds).map((n) => [n.name, n.timeoutSeconds!]));
  const byDepth = new Map<number, Map<string, K8sObject[]>>();
  for (const o of objects.filter(isWorkload)) {
    const c = componentOf(o);
    const d = depth.get(c) ?? 0;
    const level = byDepth.get(d) ?? new Map<string, K8sObject[]>();
    level.set(c, [...(level.get(c) ?? []), o]);
    byDepth.set(d, level);
  }
  const planned = new Set([...byDepth.values()].flatMap((l) => [...l.keys()]));
  const waves: Wave[] = [];
  if (namespace.length) waves.push({ name: 'namespace', steps: [{ objects: namespace, wait: false }] });
  if (setup.length) waves.push({ name: 'identity, config and services', steps: [{ objects: setup, wait: false }] });
  for (const d of [...byDepth.keys()].sort((a, b) => a - b)) {
    const level = byDepth.get(d)!;
    waves.push({
      name: `components, level ${d}`,
      steps: [...level.keys()].sort().map((c) => {
        // A dependency with no workload here (external infra) has nothing to wait for.
        const after = waitsFor(graph, c).filter((x) => planned.has(x)).sort();
        return { component: c, objects: level.get(c)!, wait: true, ...(timeouts.has(c) ? { timeoutSeconds: timeouts.get(c)! } : {}), ...(after.length ? { after } : {}) };
      }),
    });
  }
  if (routing.length) waves.push({ name: 'routing and policies', steps: [{ objects: routing, wait: false }] });
  return waves;
}

export function formatWaves(waves: readonly Wave[]): string {
  return waves
    .map((w, i) => {
      const steps = w.steps.map(
        (s) =>
          `  ${s.component ? `${s.component}: ` : ''}${s.objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}${s.wait ? ` (wait${s.timeoutSeconds ? ` ${s.timeoutSeconds}s` : ''})` : ''}${s.after ? ` after ${s.after.join(', ')}` : ''}`,
      );
      return [`wave ${i + 1}: ${w.name}`, ...steps].join('\n');
    })
    .join('\n');
}
