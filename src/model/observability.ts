/**
 * The observability block as generators read it: which infra entry does each job, what is scraped, which alerts
 * and which services get the OpenTelemetry environment. resolve/observability.ts builds it; the metrics,
 * alerts, dashboards, traces and logs generators read nothing else.
 */
import type { ResolvedDashboards } from './dashboards.js';
import type { Connection } from './resolved.js';

/** One endpoint Prometheus scrapes: a named port on a component's Service. */
export interface ScrapeTarget {
  /** The component (stamped service name or infra name); its Service and pods carry its selector labels. */
  component: string;
  kind: 'service' | 'infra';
  /** The catalog type of an infra target (its default alerts and dashboard follow from it). */
  type?: string;
  /** Name of the port on the component's pods and Service. */
  port: string;
  path: string;
  /**
   * Labels of the component's pods when no Service of its own serves the port (an operator's instances, e.g.
   * CloudNativePG's): they are scraped as pods (a PodMonitor in operator mode), selected by these labels.
   */
  pods?: Record<string, string>;
  /** The series' own job/instance labels win over the scrape's (a Pushgateway's: they name the pushing jobs). */
  honorLabels?: true;
}

export interface ResolvedAlertRule {
  name: string;
  expr: string;
  for: string;
  severity: 'critical' | 'warning' | 'info';
  summary: string;
  description?: string;
  labels: Record<string, string>;
}

export interface ResolvedMetrics {
  mode: 'operator' | 'prometheus';
  /** The prometheus entry that scrapes (prometheus mode). */
  prometheus?: string;
  interval: string;
  /** Sorted by component, then port. */
  targets: ScrapeTarget[];
  /** Labels on every ServiceMonitor, PodMonitor and PrometheusRule, so a Prometheus with selectors picks them up. */
  labels: Record<string, string>;
  /**
   * Where the workload rules read kube-state-metrics: the `job` label of its series, and whether the stack's own
   * prometheus entry runs one (mode prometheus, unless its options.kubeStateMetrics is false).
   */
  kubeStateMetrics: { job: string; internal: boolean };
  /** mode operator: the namespace of the cluster's Prometheus, which network policies let in on the scraped ports. */
  scraperNamespace?: string;
}

export interface ResolvedTraces {
  collector: string;
  /** The collector's connection as its users get it: OTLP/gRPC on its first port. */
  endpoint: Connection;
  /** Services (stamped names) that get the OTEL_* environment, sorted. */
  services: string[];
}

export interface ResolvedObservability {
  metrics?: ResolvedMetrics;
  /** The stack's own rules; `defaults` adds the per-kind ones (they need metrics). */
  alerts: { defaults: boolean; rules: ResolvedAlertRule[] };
  /**
   * The grafana entry that shows the stack, and when it is internal what it provisions (resolve/dashboards.ts):
   * the entry reads it from CatalogContext.observability, like the prometheus entry its targets.
   */
  dashboards?: { grafana: string; provisioning?: ResolvedDashboards };
  traces?: ResolvedTraces;
  logs?: { loki: string; agent: string };
}

export const DEFAULT_SCRAPE_INTERVAL = '30s';
/** kube-prometheus's job label for its kube-state-metrics (and the kubernetes-mixin's default selector). */
export const KUBE_STATE_METRICS_JOB = 'kube-state-metrics';
export const DEFAULT_ALERT_FOR = '5m';
/** The port name that makes a service scraped without a `metrics:` key. */
export const METRICS_PORT = 'metrics';
export const DEFAULT_METRICS_PATH = '/metrics';
