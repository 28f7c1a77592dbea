/**
 * prometheus.yml of an internal Prometheus entry. When the stack's observability.metrics has mode prometheus and
 * names this entry, every scrape target (ResolvedMetrics.targets) becomes one job that discovers the target's pods
 * through the Kubernetes API (kubernetes_sd_configs, role pod) in the stack's namespace only, selected by the
 * component's selector labels, and keeps the one container port the target names. Otherwise Prometheus only
 * scrapes itself.
 */
import type { V1PolicyRule } from '@kubernetes/client-node';
import { writeYaml } from '../emit/yaml-writer.js';
import { selectorLabels, type LabelContext } from '../generate/labels.js';
import type { ResolvedMetrics, ScrapeTarget } from '../model/observability.js';

/** Where the image reads its configuration (prom/prometheus Dockerfile: CMD --config.file=/etc/prometheus/prometheus.yml). */
export const CONFIG_DIR = '/etc/prometheus';
export const CONFIG_FILE = 'prometheus.yml';
/**
 * Alert rule files. The rules ConfigMap `<entry>-rules` (prometheusRulesName) is written by the alerts generator;
 * this entry only mounts it here, optional, so Prometheus starts without it. Contract: every key of that ConfigMap
 * ends in `.yaml` and holds one Prometheus rule file (`groups:`), and Prometheus reloads changed files itself
 * (--config.auto-reload checksums the config and every rule file).
 */
export const RULES_DIR = `${CONFIG_DIR}/rules`;

/** The scrape job of `t`: the component's name, so rules can say up{job="<component>"}; with the port when one component has several. */
export function scrapeJobName(t: ScrapeTarget, all: readonly ScrapeTarget[]): string {
  return all.filter((x) => x.component === t.component).length > 1 ? `${t.component}-${t.port}` : t.component;
}

/** Whether this entry scrapes the stack's targets (and so needs API access and network paths to them). */
export function scrapesStack(entry: string, metrics: ResolvedMetrics | undefined): metrics is ResolvedMetrics {
  return metrics?.mode === 'prometheus' && metrics.prometheus === entry;
}

export interface ScrapeContext {
  labels: LabelContext;
  namespace: string;
  /** The entry's own port, for its self-scrape. */
  port: number;
  /** The kube-state-metrics the entry runs: its pods' labels and the container port it serves on. */
  kubeStateMetrics?: { pods: Record<string, string>; port: string };
}

const selectorOf = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

function job(t: ScrapeTarget, all: readonly ScrapeTarget[], ctx: ScrapeContext): Record<string, unknown> {
  // An operator's pods (no Service of the component serves the port) by the operator's own label.
  const selector = selectorOf(t.pods ?? selectorLabels(ctx.labels, t.component));
  return {
    job_name: scrapeJobName(t, all),
    metrics_path: t.path,
    ...(t.honorLabels ? { honor_labels: true } : {}),
    kubernetes_sd_configs: [
      {
        role: 'pod',
        // Only the stack's namespace: a namespaced Role is then enough, and another stack's pods are never seen.
        namespaces: { names: [ctx.namespace] },
        // Filtered by the API server, so Prometheus watches only the component's own pods.
        selectors: [{ role: 'pod', label: selector }],
      },
    ],
    relabel_configs: [
      // Role pod yields one target per container port: keep the named one.
      { source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: t.port, action: 'keep' },
      // A finished or pending pod has nothing to scrape.
      { source_labels: ['__meta_kubernetes_pod_phase'], regex: 'Running', action: 'keep' },
      { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
      { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
      { target_label: 'component', replacement: t.component },
    ],
  };
}

/**
 * kube-state-metrics' job, named as the workload rules select it (ResolvedMetrics.kubeStateMetrics.job). Its
 * series describe other objects and carry their namespace, pod, deployment… labels: honor_labels keeps those
 * instead of renaming them exported_*, and no pod or component label of its own is added (a kube_deployment_*
 * series would otherwise name kube-state-metrics' pod).
 */
function kubeStateMetricsJob(name: string, ksm: NonNullable<ScrapeContext['kubeStateMetrics']>, namespace: string): Record<string, unknown> {
  return {
    job_name: name,
    honor_labels: true,
    kubernetes_sd_configs: [{ role: 'pod', namespaces: { names: [namespace] }, selectors: [{ role: 'pod', label: selectorOf(ksm.pods) }] }],
    relabel_configs: [
      { source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: ksm.port, action: 'keep' },
      { source_labels: ['__meta_kubernetes_pod_phase'], regex: 'Running', action: 'keep' },
      // Only `up` and its scrape series lack a namespace of their own; it is the same one.
      { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
    ],
  };
}

export function prometheusConfig(metrics: ResolvedMetrics | undefined, entry: string, ctx: ScrapeContext): Record<string, unknown> {
  const interval = metrics?.interval ?? '30s';
  const scrapes = scrapesStack(entry, metrics);
  const targets = scrapes ? metrics.targets : [];
  return {
    global: { scrape_interval: interval, evaluation_interval: interval },
    rule_files: [`${RULES_DIR}/*.yaml`],
    scrape_configs: [
      { job_name: 'prometheus', static_configs: [{ targets: [`localhost:${ctx.port}`], labels: { component: entry } }] },
      ...targets.map((t) => job(t, targets, ctx)),
      ...(scrapes && ctx.kubeStateMetrics ? [kubeStateMetricsJob(metrics.kubeStateMetrics.job, ctx.kubeStateMetrics, ctx.namespace)] : []),
    ],
  };
}

/** Insertion order: the file reads global, rule_files, scrape_configs as written above. */
export function prometheusYaml(config: Record<string, unknown>): string {
  return writeYaml(config, () => 0);
}

/** Pod discovery reads pods only (role pod); get for a single pod is what the client's watch cache may ask. */
export const DISCOVERY_RULES: V1PolicyRule[] = [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }];
