/**
 * Operators whose custom resources the catalog renders, by API group: what preflight tells a user whose cluster
 * does not serve the kind yet. The install commands are the operators' own documented ones.
 */
export interface OperatorInfo {
  name: string;
  /** Commands that install the operator and check it runs. */
  install: string;
  /** Its resources slipway renders, with the Services the operator makes for each (its name plus each suffix). */
  resources: readonly { apiVersion: string; kind: string; services: readonly string[] }[];
}

export const OPERATORS: Readonly<Record<string, OperatorInfo>> = {
  // CloudNativePG docs/src/installation_upgrade.md (release 1.28).
  'postgresql.cnpg.io': {
    name: 'CloudNativePG',
    install:
      'kubectl apply --server-side -f https://raw.githubusercontent.com/cloudnative-pg/cloudnative-pg/release-1.28/releases/cnpg-1.28.0.yaml && kubectl rollout status deployment -n cnpg-system cnpg-controller-manager',
    // docs/src/service_management.md: read-write (the primary), read-only (replicas), read (any instance).
    resources: [{ apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', services: ['-rw', '-ro', '-r'] }],
  },
};

/** Names of the Services an operator makes for `o`, when `o` is a resource of an operator listed here. */
export function operatorServices(o: { apiVersion: string; kind: string; metadata: { name: string } }): string[] {
  const group = o.apiVersion.includes('/') ? o.apiVersion.slice(0, o.apiVersion.indexOf('/')) : '';
  const r = OPERATORS[group]?.resources.find((x) => x.apiVersion === o.apiVersion && x.kind === o.kind);
  return (r?.services ?? []).map((suffix) => `${o.metadata.name}${suffix}`);
}

/** [apiVersion, kind] of every operator resource listed here. */
export const OPERATOR_KINDS: readonly (readonly [string, string])[] = Object.values(OPERATORS).flatMap((o) => o.resources.map((r) => [r.apiVersion, r.kind] as const));
