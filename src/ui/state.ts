/**
 * Per-component live state from the cluster's objects, for the page's graph. Pure: the live view hands in what
 * its watches hold, so the mapping is tested on plain objects and reads exactly what `status` and `up` read
 * (the kinds table's readiness and counts, explain()'s stall reasons).
 */
import { readiness } from '../k8s/kinds/index.js';
import { componentOf, matchLabelsOf, selects, type K8sObject } from '../k8s/object.js';
import { statusRows } from '../lifecycle/status.js';
import type { StackGraph } from '../model/graph.js';
import type { ComponentState, ComponentView, WorkloadView } from './protocol.js';

export interface LiveObjects {
  workloads: readonly K8sObject[];
  pods: readonly K8sObject[];
  events: readonly K8sObject[];
}

/** The component names each node of a collapsed graph stands for (itself, or its tenant and shard copies). */
export function membersOf(expanded: StackGraph): Map<string, string[]> {
  const members = new Map<string, string[]>();
  for (const n of expanded.nodes) {
    const base = n.base ?? n.name;
    members.set(base, [...(members.get(base) ?? []), n.name]);
  }
  return members;
}

function podsOf(workload: K8sObject, pods: readonly K8sObject[]): K8sObject[] {
  const labels = matchLabelsOf(workload);
  return labels ? pods.filter((p) => p.metadata.namespace === workload.metadata.namespace && selects(labels, p)) : [];
}

/** Worst first: one failed workload makes its component failed, one stalled one stalled. */
function stateOf(done: boolean[], ok: boolean[], fatal: boolean, problem: boolean): ComponentState {
  if (fatal || done.some((d, i) => d && !ok[i])) return 'failed';
  if (done.every((d, i) => d && ok[i])) return 'ready';
  return problem ? 'stalled' : 'progressing';
}

/**
 * One view per node of `graph`, in its order. `live` undefined = no cluster: every component is `unknown` (external
 * infra stays `external`, it is never in the cluster). `members` maps a collapsed node to its copies' names.
 */
export function componentStates(graph: StackGraph, members: ReadonlyMap<string, readonly string[]>, live: LiveObjects | undefined, now: Date): ComponentView[] {
  return graph.nodes.map((node): ComponentView => {
    const empty = { name: node.name, ready: 0, desired: 0, restarts: 0, workloads: [] };
    if (node.external) return { ...empty, state: 'external' };
    if (!live) return { ...empty, state: 'unknown' };
    const names = new Set(members.get(node.name) ?? [node.name]);
    const workloads = live.workloads
      .filter((w) => names.has(componentOf(w) ?? ''))
      .sort((a, b) => a.kind.localeCompare(b.kind) || a.metadata.name.localeCompare(b.metadata.name));
    if (!workloads.length) return { ...empty, state: 'missing' };
    const input = workloads.map((w) => ({ component: node.name, workload: w, pods: podsOf(w, live.pods) }));
    const rows = statusRows(input, [...live.events], now);
    const checks = input.map((i) => readiness(i.workload, i.pods));
    const fatal = rows.some((r, n) => !(checks[n]!.done && checks[n]!.ok) && r.fatal === true);
    // The problem of a workload that is not ready is the one to show; a ready one's old events are history.
    const problem = rows.find((r, i) => r.problem && !(checks[i]!.done && checks[i]!.ok))?.problem;
    const views: WorkloadView[] = rows.map((r, i) => ({ kind: r.kind, name: workloads[i]!.metadata.name, ready: r.ready, desired: r.desired, message: checks[i]!.message }));
    return {
      name: node.name,
      state: stateOf(
        checks.map((c) => c.done),
        checks.map((c) => c.ok),
        fatal,
        problem !== undefined,
      ),
      ready: rows.reduce((s, r) => s + r.ready, 0),
      desired: rows.reduce((s, r) => s + r.desired, 0),
      restarts: rows.reduce((s, r) => s + r.restarts, 0),
      ...(problem ? { problem } : {}),
      workloads: views,
    };
  });
}
