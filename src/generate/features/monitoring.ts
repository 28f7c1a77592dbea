/**
 * What Prometheus needs from the stack besides its pods, in the stack's metrics mode:
 * - `operator`: the Prometheus Operator already in the cluster scrapes and alerts, so a ServiceMonitor per scraped
 *   component (a PodMonitor for an operator's pods), one PrometheusRule with the alert groups (`up` checks the
 *   CRDs are served), each with the stack's observability.metrics.labels for the Prometheus' selectors;
 * - `prometheus`: the alert groups as a rule file in the ConfigMap `<prometheus entry>-rules`, which the entry
 *   mounts at /etc/prometheus/rules/ (its rule_files reads every file there); its scrape configuration is the
 *   entry's own.
 */
import { yamlDocument } from '../../emit/yaml.js';
import { NAME_LABEL, type K8sObject } from '../../k8s/object.js';
import { ownerLabels } from '../../model/ownership.js';
import type { GenerateContext } from '../context.js';
import { configMap, metadata } from '../objects.js';
import { ruleGroups, scopeOf } from '../observability/rule-groups.js';
import { podMonitors } from '../observability/pod-monitor.js';
import { serviceMonitors } from '../observability/service-monitor.js';
import type { StackFeature } from './stack-feature.js';

/** Prefixed like the default-deny policy, so no component's name can take it. */
export const PROMETHEUS_RULE_NAME = 'slipway-alerts';
export const RULES_KEY = 'slipway.rules.yaml';
export const rulesConfigMapName = (prometheus: string): string => `${prometheus}-rules`;

export const monitoring: StackFeature = {
  name: 'monitoring',
  applies: (ctx) => ctx.observability?.metrics !== undefined,
  objects: (ctx) => {
    const observability = ctx.observability!;
    const metrics = observability.metrics!;
    // The stack's own labels first: slipway's names and ownership labels are not the stack's to change.
    const own = metrics.mode === 'operator' ? metrics.labels : {};
    const labels = (name: string) => ({ ...own, 'app.kubernetes.io/instance': ctx.stack, [NAME_LABEL]: name, ...ownerLabels(ctx.labels) });
    const groups = ruleGroups(observability, scopeOf(ctx.namespace, ctx.components.values(), observability));
    if (metrics.mode === 'operator') {
      const rule: K8sObject[] = groups.length
        ? [{ apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: metadata({ name: PROMETHEUS_RULE_NAME, namespace: ctx.namespace, labels: labels(PROMETHEUS_RULE_NAME) }), spec: { groups } }]
        : [];
      return [...serviceMonitors(metrics, ctx.namespace, ctx.labels, labels), ...podMonitors(metrics, ctx.namespace, labels), ...rule];
    }
    return metrics.prometheus ? [rulesConfigMap(ctx, metrics.prometheus, groups, labels(metrics.prometheus))] : [];
  },
};

/** Always made, even with no groups, so the entry's volume never points at a missing ConfigMap. */
function rulesConfigMap(ctx: GenerateContext, prometheus: string, groups: unknown[], labels: Record<string, string>): K8sObject {
  return configMap({ name: rulesConfigMapName(prometheus), namespace: ctx.namespace, labels }, { [RULES_KEY]: yamlDocument({ groups }) });
}
