/**
 * Operators' CRDs on the test cluster, built from their Go modules by a scripts/*-crds script. scripts/run-tests
 * installs them once per run, right after the cluster starts, so ensureCrds is one `kubectl get` per CRD there;
 * on a cluster without them (a test file run by hand), it builds and installs them as the harness does. CRDs are
 * cluster-scoped and shared by every test run: applied idempotently under one field manager.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { eventually, kubectl, kubectlOk } from './kube.js';

const established = (crd: string) => kubectl(['get', `crd/${crd}`, '-o', 'jsonpath={.status.conditions[?(@.type=="Established")].status}']).stdout === 'True';

/** The CRDs named (`<plural>.<group>`), served: `script` builds the folder that holds `<group>_<plural>.yaml`. */
export async function ensureCrds(script: string, crds: readonly string[]): Promise<void> {
  if (crds.every(established)) return;
  const r = spawnSync('bash', [`scripts/${script}`], { encoding: 'utf8', timeout: 900_000 });
  assert.equal(r.status, 0, `scripts/${script}: ${r.stderr}`);
  const dir = r.stdout.trim().split('\n').pop()!;
  const files = crds.map((c) => join(dir, `${c.slice(c.indexOf('.') + 1)}_${c.slice(0, c.indexOf('.'))}.yaml`));
  kubectlOk(['apply', '--server-side', '--force-conflicts', '--field-manager=slipway-tests', ...files.flatMap((f) => ['-f', f])]);
  for (const c of crds) await eventually(`the CRD ${c} is established`, () => established(c));
}

/** The Prometheus Operator's kinds slipway renders in the operator mode (scripts/prometheus-operator-crds). */
export const MONITORING_CRDS = ['servicemonitors', 'podmonitors', 'prometheusrules', 'probes'].map((p) => `${p}.monitoring.coreos.com`);

export const installMonitoringCrds = (): Promise<void> => ensureCrds('prometheus-operator-crds', MONITORING_CRDS);
