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
 * CRDs every cluster test may meet, installed once per run before any test: CloudNativePG's Cluster (nova's prod
 * applies one) and the Prometheus Operator's monitoring kinds (the operator mode of observability). Server-side
 * apply under one field manager is idempotent, so a reused cluster (SLIPWAY_KEEP_CLUSTER) gets the same and a new
 * operator version replaces the old CRD. Argo CD's CRDs stay with the tests that use them.
 */
const CRDS: readonly { script: string; files: readonly string[] }[] = [
  { script: 'cnpg-crds', files: ['postgresql.cnpg.io_clusters.yaml'] },
  // Only the kinds slipway renders: the folder holds the operator's whole set (Prometheus, Alertmanager, …).
  { script: 'prometheus-operator-crds', files: ['servicemonitors', 'podmonitors', 'prometheusrules', 'probes'].map((p) => `monitoring.coreos.com_${p}.yaml`) },
];

/** Apply CRD files and wait until each is Established (its kind served), polling for up to 120 s. */
function installCrds(kubectl: string, env: NodeJS.ProcessEnv, dir: string, files: readonly string[]): void {
  const paths = files.map((f) => join(dir, f));
  const apply = spawnSync(kubectl, ['apply', '--server-side', '--force-conflicts', '--field-manager=slipway-tests', ...paths.flatMap((p) => ['-f', p])], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (apply.status !== 0) throw new Error(`kubectl apply of ${paths.join(', ')} failed (exit ${apply.status})`);
  // Names from the files themselves; polled, not `kubectl wait`: that fails at once while a new CRD has no
  // status.conditions yet.
  const get = spawnSync(kubectl, ['get', ...paths.flatMap((p) => ['-f', p]), '-o', 'name'], { encoding: 'utf8', env });
  if (get.status !== 0) throw new Error(`kubectl get of ${paths.join(', ')} failed: ${get.stderr}`);
  const names = get.stdout.trim().split('\n');
  for (const name of names) {
    const established = ['get', name, '-o', 'jsonpath={.status.conditions[?(@.type=="Established")].status}'];
    for (let waited = 0; spawnSync(kubectl, established, { encoding: 'utf8', env }).stdout !== 'True'; waited += 500) {
      if (waited >= 120_000) throw new Error(`${name} was not established within 120 s`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
}

const bin = script('testbin');
const kubeconfig = script('test-cluster', 'start');
let status = 1;
try {
  const env = { ...process.env, KUBECONFIG: kubeconfig, SLIPWAY_TESTBIN: bin, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` };
  for (const c of CRDS) installCrds(join(bin, 'kubectl'), env, script(c.script), c.files);
  const dirs = process.argv.slice(2).length ? process.argv.slice(2) : ['dist/test'];
  const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...dirs], { stdio: 'inherit', env });
  status = r.status ?? 1;
} finally {
  if (!process.env.SLIPWAY_KEEP_CLUSTER) script('test-cluster', 'stop');
}
process.exit(status);
