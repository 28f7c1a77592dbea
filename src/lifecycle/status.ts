/**
 * The `slipway status` table: one row per component, read like `kubectl get` (READY n/m, RESTARTS, AGE) plus the
 * one problem explain() finds. Pure: the caller fetches the objects and passes the clock.
 */
import type { K8sObject } from '../k8s/object.js';
import { explain, type Problem } from '../k8s/explain.js';
import { counts, isCustomGroup, kindInfo, readiness } from '../k8s/kinds/index.js';
import { formatTable } from '../util/table.js';

export interface ComponentRow {
  component: string;
  kind: string;
  desired: number;
  ready: number;
  /** Sum of restartCount over the pods' init and regular containers. */
  restarts: number;
  /** kubectl's AGE, e.g. "45s", "12m", "3h", "5d". */
  age: string;
  /** "<reason>: <message>" of the most relevant problem, when there is one. */
  problem?: string;
  /** The problem will not clear by waiting (explain()'s fatal: a crash loop past its limit, an image that does not exist). */
  fatal?: true;
}

interface PodStatuses {
  status?: { initContainerStatuses?: { restartCount?: number }[]; containerStatuses?: { restartCount?: number }[] };
}

function restarts(pods: readonly K8sObject[]): number {
  let sum = 0;
  for (const pod of pods as readonly unknown[] as readonly PodStatuses[]) {
    for (const cs of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) sum += cs.restartCount ?? 0;
  }
  return sum;
}

/**
 * kubectl's HumanDuration (k8s.io/apimachinery/pkg/util/duration): precise while young ("90s", "7m30s",
 * "5h12m"), coarser with age ("12m", "20h", "5d4h", "40d"). Up to 2s in the future counts as now (clock skew).
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${years}y` : `${years}y${days % 365}d`;
  return `${years}y`;
}

/** AGE of an object at `now`; "<unknown>" before the API server has stamped it (RFC 3339 text), as kubectl prints. */
export function age(object: K8sObject, now: Date): string {
  const created = object.metadata['creationTimestamp'];
  const t = typeof created === 'string' ? Date.parse(created) : NaN;
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now.getTime() - t);
}

export function problemText(p: Problem): string {
  return `${p.reason}: ${p.message}${p.pod ? ` (pod ${p.pod})` : ''}`;
}

/** One row per input, in input order (the caller's component order), so output is as deterministic as its input. */
export function statusRows(input: { component: string; workload: K8sObject; pods: K8sObject[] }[], events: K8sObject[], now: Date): ComponentRow[] {
  return input.map(({ component, workload, pods }) => {
    // An operator's resource has no pods of its own to explain: its status conditions say what is wrong.
    const cr = !kindInfo(workload.kind, workload.apiVersion) && isCustomGroup(workload.apiVersion) ? readiness(workload, pods) : undefined;
    const problem: Problem | undefined = explain(pods, events, workload) ?? (cr && !cr.ok ? { reason: cr.done ? 'Failed' : 'NotReady', message: cr.message, fatal: cr.done } : undefined);
    return {
      component,
      kind: workload.kind,
      ...counts(workload),
      restarts: restarts(pods),
      age: age(workload, now),
      ...(problem ? { problem: problemText(problem) } : {}),
      ...(problem?.fatal ? { fatal: true as const } : {}),
    };
  });
}

const HEADER = ['COMPONENT', 'KIND', 'READY', 'RESTARTS', 'AGE', 'PROBLEM'] as const;

/** An aligned table like `kubectl get` (three-space gap, as kubectl's tabwriter pads). */
export function formatStatus(rows: ComponentRow[]): string {
  // Kubernetes messages may span lines (e.g. multi-line termination messages); one row must stay one line.
  const cells = rows.map((r) => [r.component, r.kind, `${r.ready}/${r.desired}`, String(r.restarts), r.age, (r.problem ?? '').replace(/\s+/g, ' ').trim()]);
  return formatTable([[...HEADER], ...cells]);
}
