/**
 * The observability block as generators read it: which infra entry does each job, what is scraped, which alerts
 * and which services get the OpenTelemetry environment. resolve/observability.ts builds it; the metrics,
 * alerts, dashboards, traces and logs generators read nothing else.
 */
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
  dashboards?: { grafana: string };
  traces?: ResolvedTraces;
  logs?: { loki: string; agent: string };
}

export const DEFAULT_SCRAPE_INTERVAL = '30s';
export const DEFAULT_ALERT_FOR = '5m';
/** The port name that makes a service scraped without a `metrics:` key. */
export const METRICS_PORT = 'metrics';
export const DEFAULT_METRICS_PATH = '/metrics';
