/**
 * `npm test`: build (or reuse) the test control plane, start one cluster for the whole run, install the CRDs
 * every cluster test may meet, run every test with node's test runner, and stop the cluster whatever happens.
 * Tests get KUBECONFIG and SLIPWAY_TESTBIN.
 */
import { spawnSync } from 'node:child_process';
import { delimiter, join } from 'node:path';

function script(name: string, ...args: string[]): string {
  const r = spawnSync('bash', [`scripts/${name}`, ...args], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(`scripts/${name} ${args.join(' ')} failed (exit ${r.status})\n${r.stdout}`);
    process.exit(1);
  }
  return r.stdout.trim().split('\n').pop() ?? '';
}

/**
 * CloudNativePG's Cluster CRD (scripts/cnpg-crds): nova's prod applies a Cluster, and any test that applies it
 * needs the kind served. Once per run, before any test; server-side apply under one field manager is idempotent,
 * so a reused cluster (SLIPWAY_KEEP_CLUSTER) gets the same and a new CloudNativePG version replaces the old CRD.
 * Argo CD's CRDs stay with the tests that use them.
 */
function installCnpgCrd(kubectl: string, env: NodeJS.ProcessEnv): void {
  const file = join(script('cnpg-crds'), 'postgresql.cnpg.io_clusters.yaml');
  const apply = spawnSync(kubectl, ['apply', '--server-side', '--force-conflicts', '--field-manager=slipway-tests', '-f', file], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (apply.status !== 0) throw new Error(`kubectl apply of ${file} failed (exit ${apply.status})`);
  // Polled, not `kubectl wait`: that fails at once while a new CRD has no status.conditions yet.
  const established = ['get', 'crd/clusters.postgresql.cnpg.io', '-o', 'jsonpath={.status.conditions[?(@.type=="Established")].status}'];
  for (let waited = 0; spawnSync(kubectl, established, { encoding: 'utf8', env }).stdout !== 'True'; waited += 500) {
    if (waited >= 120_000) throw new Error('the CloudNativePG Cluster CRD was not established within 120 s');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
  }
}

const bin = script('testbin');
const kubeconfig = script('test-cluster', 'start');
let status = 1;
try {
  const env = { ...process.env, KUBECONFIG: kubeconfig, SLIPWAY_TESTBIN: bin, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` };
  installCnpgCrd(join(bin, 'kubectl'), env);
  const dirs = process.argv.slice(2).length ? process.argv.slice(2) : ['dist/test'];
  const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...dirs], { stdio: 'inherit', env });
  status = r.status ?? 1;
} finally {
  if (!process.env.SLIPWAY_KEEP_CLUSTER) script('test-cluster', 'stop');
}
process.exit(status);
