/**
 * Alerting rules in the shape both consumers read: a Prometheus rule file (`groups:`) and a PrometheusRule's
 * spec.groups (the operator's RuleGroup/Rule types use the same field names: name, rules, alert, expr, for,
 * labels, annotations).
 */
import type { ResolvedAlertRule } from '../../model/observability.js';

export interface AlertRule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  rules: AlertRule[];
}

/** A rule the stack writes: its severity becomes the `severity` label, as in the default rules. */
export function ownRule(r: ResolvedAlertRule): AlertRule {
  return {
    alert: r.name,
    expr: r.expr,
    for: r.for,
    labels: { ...r.labels, severity: r.severity },
    annotations: { summary: r.summary, ...(r.description !== undefined ? { description: r.description } : {}) },
  };
}
