/**
 * A PodMonitor per scraped component whose pods no Service of its own serves (an operator's instances:
 * ScrapeTarget.pods), monitoring.coreos.com/v1; field names from the operator's Go types: PodMonitorSpec.selector/
 * podMetricsEndpoints, PodMetricsEndpoint.port/path/interval/relabelings. The operator names a PodMonitor's job
 * `<namespace>/<name>`; the relabeling sets it to the component's name, the job the default rules select.
 */
import type { K8sObject } from '../../k8s/object.js';
import type { ResolvedMetrics, ScrapeTarget } from '../../model/observability.js';
import { metadata } from '../objects.js';

export function podMonitors(metrics: ResolvedMetrics, namespace: string, objectLabels: (component: string) => Record<string, string>): K8sObject[] {
  const byComponent = new Map<string, ScrapeTarget[]>();
  for (const t of metrics.targets) if (t.pods) byComponent.set(t.component, [...(byComponent.get(t.component) ?? []), t]);
  return [...byComponent].map(([component, targets]) => ({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    metadata: metadata({ name: component, namespace, labels: objectLabels(component) }),
    spec: {
      selector: { matchLabels: { ...targets[0]!.pods } },
      podMetricsEndpoints: targets.map((t) => ({
        port: t.port,
        path: t.path,
        interval: metrics.interval,
        relabelings: [{ targetLabel: 'job', replacement: component, action: 'replace' }],
      })),
    },
  }));
}
