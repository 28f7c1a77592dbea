/**
 * Operators whose custom resources slipway renders, by API group: the one table preflight reads to tell a user
 * whose cluster does not serve such a kind how to get it. The install commands are the operators' own
 * documented ones.
 */
export interface OperatorInfo {
  /** As a sentence names it: "the CloudNativePG operator". */
  name: string;
  /** Commands that install the operator (and with it the CustomResourceDefinitions) and check it runs. */
  install: string;
  /** What the stack can say instead, when it has another way that needs no operator. */
  instead?: string;
  /** Its resources slipway renders, with the Services the operator makes for each (its name plus each suffix). */
  resources: readonly { apiVersion: string; kind: string; services: readonly string[] }[];
}

export const OPERATORS: Readonly<Record<string, OperatorInfo>> = {
  // CloudNativePG docs/src/installation_upgrade.md (release 1.28).
  'postgresql.cnpg.io': {
    name: 'the CloudNativePG operator',
    install:
      'kubectl apply --server-side -f https://raw.githubusercontent.com/cloudnative-pg/cloudnative-pg/release-1.28/releases/cnpg-1.28.0.yaml && kubectl rollout status deployment -n cnpg-system cnpg-controller-manager',
    // docs/src/service_management.md: read-write (the primary), read-only (replicas), read (any instance).
    resources: [{ apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', services: ['-rw', '-ro', '-r'] }],
  },
  // The operator mode of observability; Documentation/getting-started/installation.md installs bundle.yaml (the
  // CRDs and the operator), server-side because the CRDs are too large for client-side apply's annotation.
  'monitoring.coreos.com': {
    name: 'the Prometheus Operator',
    install:
      'kubectl apply --server-side -f https://github.com/prometheus-operator/prometheus-operator/releases/download/v0.95.2/bundle.yaml && kubectl rollout status deployment -n default prometheus-operator',
    instead: 'set observability.metrics.mode: prometheus to scrape with the stack\'s own Prometheus',
    resources: ['ServiceMonitor', 'PodMonitor', 'PrometheusRule', 'Probe'].map((kind) => ({ apiVersion: 'monitoring.coreos.com/v1', kind, services: [] })),
  },
};

/** The operator that serves an apiVersion's group, when it is one listed here. */
export function operatorOf(apiVersion: string): OperatorInfo | undefined {
  return OPERATORS[apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : ''];
}

/** Names of the Services an operator makes for `o`, when `o` is a resource of an operator listed here. */
export function operatorServices(o: { apiVersion: string; kind: string; metadata: { name: string } }): string[] {
  const r = operatorOf(o.apiVersion)?.resources.find((x) => x.apiVersion === o.apiVersion && x.kind === o.kind);
  return (r?.services ?? []).map((suffix) => `${o.metadata.name}${suffix}`);
}

/**
 * [apiVersion, kind] of the operator resources that name Services (analyze --cluster reads them, as the Services
 * they stand for are dependencies); the monitoring kinds name none.
 */
export const OPERATOR_KINDS: readonly (readonly [string, string])[] = Object.values(OPERATORS).flatMap((o) => o.resources.filter((r) => r.services.length).map((r) => [r.apiVersion, r.kind] as const));
