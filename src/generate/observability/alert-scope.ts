/**
 * What the default alerts are scoped to: the stack's namespace (every metric below carries the `namespace` of
 * the object or target it describes) and the stack's own workloads and scraped components. A scraped target's
 * `job` is its component's name: a ServiceMonitor's default job is the Service name, which is the component's
 * (service-monitor.ts keeps only that Service), and the prometheus entry's scrape configuration names jobs the same.
 * kube-state-metrics' series carry its own job (kubeScoped), the one the scrape configuration gives it.
 */
import type { ScrapeTarget } from '../../model/observability.js';

export interface AlertScope {
  namespace: string;
  /** Names of the stack's Deployments and StatefulSets (a component's workload is named after it). */
  workloads: readonly string[];
  /** Whether any component keeps a PersistentVolumeClaim. */
  volumes: boolean;
  targets: readonly ScrapeTarget[];
  /** The job label of kube-state-metrics' series (ResolvedMetrics.kubeStateMetrics.job). */
  kubeStateMetrics: string;
}

/** `label="a"` for one name, `label=~"a|b"` for several (PromQL regexes are anchored; names are DNS labels). */
export function oneOf(label: string, names: readonly string[]): string {
  const sorted = [...new Set(names)].sort();
  return sorted.length === 1 ? `${label}="${sorted[0]}"` : `${label}=~"${sorted.join('|')}"`;
}

/** Matchers of the stack's namespace and, when given, the scraped components of one kind. */
export function scoped(scope: AlertScope, jobs?: readonly string[]): string {
  const ns = `namespace="${scope.namespace}"`;
  return jobs ? `${ns},${oneOf('job', jobs)}` : ns;
}

/**
 * Matchers of kube-state-metrics' series about the stack: its job, and the namespace of the objects they describe
 * (a cluster-wide kube-state-metrics reports every namespace's).
 */
export function kubeScoped(scope: AlertScope): string {
  return `${scoped(scope)},job="${scope.kubeStateMetrics}"`;
}

/** The scraped components, of one catalog type or all. */
export function jobsOf(scope: AlertScope, type?: string): string[] {
  return [...new Set(scope.targets.filter((t) => type === undefined || t.type === type).map((t) => t.component))].sort();
}
