/**
 * A ServiceMonitor per scraped component (monitoring.coreos.com/v1; field names from the operator's Go types:
 * ServiceMonitorSpec.selector/endpoints, Endpoint.port/path/interval/relabelings, RelabelConfig.sourceLabels/
 * regex/action). It selects the component's Services by its selector labels, the port by name.
 */
import type { K8sObject } from '../../k8s/object.js';
import type { ResolvedMetrics, ScrapeTarget } from '../../model/observability.js';
import type { LabelContext } from '../labels.js';
import { selectorLabels } from '../labels.js';
import { metadata } from '../objects.js';

export function serviceMonitors(metrics: ResolvedMetrics, namespace: string, labels: LabelContext, objectLabels: (component: string) => Record<string, string>): K8sObject[] {
  const byComponent = new Map<string, ScrapeTarget[]>();
  // Pods without a Service of their own get a PodMonitor instead (pod-monitor.ts).
  for (const t of metrics.targets) if (!t.pods) byComponent.set(t.component, [...(byComponent.get(t.component) ?? []), t]);
  return [...byComponent].map(([component, targets]) => ({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: metadata({ name: component, namespace, labels: objectLabels(component) }),
    spec: {
      selector: { matchLabels: selectorLabels(labels, component) },
      endpoints: targets.map((t) => ({
        port: t.port,
        path: t.path,
        interval: metrics.interval,
        ...(t.honorLabels ? { honorLabels: true } : {}),
        // An infra entry's headless Service carries the same labels and port: scraping it too would double every
        // series. Keeping the Service named after the component also makes it the job name the rules match.
        relabelings: [{ sourceLabels: ['__meta_kubernetes_service_name'], regex: component, action: 'keep' }],
      })),
    },
  }));
}
