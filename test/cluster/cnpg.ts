/**
 * CloudNativePG on the test cluster: its Cluster CRD built from the operator's Go module (scripts/cnpg-crds),
 * installed like the Argo CD CRDs. The test cluster runs no operator (kwok runs no containers), so a test
 * reports what the operator would: it writes the Cluster's status through the status subresource, as the
 * operator does, and the real API server validates it against the CRD's status schema.
 */
import { spawn } from 'node:child_process';
import { ensureCrds } from './crds.js';
import { kubectlOk } from './kube.js';

export const CLUSTERS = 'clusters.postgresql.cnpg.io';

/**
 * The Cluster CRD, served: one `kubectl get` under scripts/run-tests, which installs it once per run; installed
 * here as the harness does on a cluster without it (a test file run by hand).
 */
export const installCnpgCrd = (): Promise<void> => ensureCrds('cnpg-crds', [CLUSTERS]);

export interface ReportedCondition {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
}

/** The status the operator writes (metav1.Condition needs all five fields), for the Cluster's current generation. */
export function reportStatus(ns: string, name: string, conditions: ReportedCondition[], readyInstances: number): void {
  const generation = Number(kubectlOk(['get', CLUSTERS, name, '-n', ns, '-o', 'jsonpath={.metadata.generation}']));
  const status = {
    instances: 3,
    readyInstances,
    phase: readyInstances === 3 ? 'Cluster in healthy state' : 'Setting up primary',
    conditions: conditions.map((c) => ({ ...c, lastTransitionTime: '2026-11-30T00:00:00Z', observedGeneration: generation })),
  };
  kubectlOk(['patch', CLUSTERS, name, '-n', ns, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })]);
}

/**
 * A background process that reports every Cluster in `ns` healthy once it exists (what a running operator
 * does after bootstrapping), for tests that only need `up` to get past it. stop() ends that process by its pid.
 */
export function healthyOperatorReports(ns: string): { stop(): void } {
  const condition = (gen: string) =>
    `{"type":"Ready","status":"True","reason":"ClusterIsReady","message":"Cluster is Ready","lastTransitionTime":"2026-11-30T00:00:00Z","observedGeneration":${gen}}`;
  const script = [
    'while :; do',
    `  kubectl get ${CLUSTERS} -n ${ns} -o jsonpath='{range .items[*]}{.metadata.name} {.metadata.generation} {.spec.instances}{"\\n"}{end}' 2>/dev/null |`,
    '  while read -r name gen n; do',
    '    [ -n "$name" ] || continue',
    `    kubectl patch ${CLUSTERS} "$name" -n ${ns} --subresource=status --type=merge -p "{\\"status\\":{\\"instances\\":$n,\\"readyInstances\\":$n,\\"phase\\":\\"Cluster in healthy state\\",\\"conditions\\":[${condition('$gen').replace(/"/g, '\\"')}]}}" >/dev/null 2>&1`,
    '  done',
    '  sleep 1',
    'done',
  ].join('\n');
  const child = spawn('bash', ['-c', script], { stdio: 'ignore', env: process.env });
  return { stop: () => void child.kill('SIGTERM') };
}
