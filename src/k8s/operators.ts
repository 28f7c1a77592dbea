/**
 * Operators whose custom resources the catalog renders, by API group: what preflight tells a user whose cluster
 * does not serve the kind yet. The install commands are the operators' own documented ones.
 */
export interface OperatorInfo {
  name: string;
  /** Commands that install the operator and check it runs. */
  install: string;
}

export const OPERATORS: Readonly<Record<string, OperatorInfo>> = {
  // CloudNativePG docs/src/installation_upgrade.md (release 1.28).
  'postgresql.cnpg.io': {
    name: 'CloudNativePG',
    install:
      'kubectl apply --server-side -f https://raw.githubusercontent.com/cloudnative-pg/cloudnative-pg/release-1.28/releases/cnpg-1.28.0.yaml && kubectl rollout status deployment -n cnpg-system cnpg-controller-manager',
  },
};
