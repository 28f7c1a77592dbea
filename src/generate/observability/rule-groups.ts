/**
 * The stack's alert rule groups: one group per kind of thing it has (default-alerts.ts), when `alerts.defaults`
 * holds, then the stack's own rules. Both metrics modes ship exactly these groups.
 */
import { KUBE_STATE_METRICS_JOB, type ResolvedObservability } from '../../model/observability.js';
import type { Component } from '../component.js';
import { ownRule, type AlertRule, type RuleGroup } from './alert-rule.js';
import type { AlertScope } from './alert-scope.js';
import { ALERT_KINDS, type AlertKind } from './default-alerts.js';

/** Group names are unique within a rule file and PrometheusRule; `slipway-` keeps defaults apart from the stack's own. */
export const OWN_GROUP = 'stack-rules';
export const defaultGroupName = (kind: string): string => `slipway-${kind}`;

export function ruleGroups(observability: ResolvedObservability, scope: AlertScope, kinds: readonly AlertKind[] = ALERT_KINDS): RuleGroup[] {
  const groups: RuleGroup[] = [];
  if (observability.alerts.defaults && observability.metrics) {
    for (const k of kinds) {
      const jobs = k.jobs(scope);
      if (jobs.length) groups.push({ name: defaultGroupName(k.kind), rules: k.alerts.map((a) => defaultRule(a, scope, jobs)) });
    }
  }
  if (observability.alerts.rules.length) groups.push({ name: OWN_GROUP, rules: observability.alerts.rules.map(ownRule) });
  return groups;
}

function defaultRule(a: AlertKind['alerts'][number], scope: AlertScope, jobs: readonly string[]): AlertRule {
  return { alert: a.name, expr: a.expr(scope, jobs), for: a.for, labels: { severity: a.severity }, annotations: { summary: a.summary, description: a.description } };
}

/** The scope of a generated stack: its namespace, workloads, claims and scrape targets. */
export function scopeOf(namespace: string, components: Iterable<Component>, observability: ResolvedObservability): AlertScope {
  const all = [...components];
  return {
    namespace,
    // Jobs, cron jobs and agents (DaemonSets) have no replica count to fall short of.
    workloads: all.filter((c) => c.component === 'infra' || c.component === 'service' || c.component === 'worker').map((c) => c.name).sort(),
    volumes: all.some(keepsClaims),
    targets: observability.metrics?.targets ?? [],
    kubeStateMetrics: observability.metrics?.kubeStateMetrics.job ?? KUBE_STATE_METRICS_JOB,
  };
}

function keepsClaims(c: Component): boolean {
  if (c.component !== 'infra') return c.service.volumes.some((v) => v.declares);
  return c.internal.objects.some((o) => o.kind === 'PersistentVolumeClaim' || (o.kind === 'StatefulSet' && ((o.spec as { volumeClaimTemplates?: unknown[] } | undefined)?.volumeClaimTemplates?.length ?? 0) > 0));
}
