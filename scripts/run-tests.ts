/**
 * `npm test`: build (or reuse) the test control plane, start one cluster for the whole run, run every test
 * with node's test runner, and stop the cluster whatever happens. Tests get KUBECONFIG and SLIPWAY_TESTBIN.
 */
import { spawnSync } from 'node:child_process';
import { delimiter } from 'node:path';

function script(name: string, ...args: string[]): string {
  const r = spawnSync('bash', [`scripts/${name}`, ...args], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(`scripts/${name} ${args.join(' ')} failed (exit ${r.status})\n${r.stdout}`);
    process.exit(1);
  }
  return r.stdout.trim().split('\n').pop() ?? '';
}

const bin = script('testbin');
const kubeconfig = script('test-cluster', 'start');
let status = 1;
try {
  const env = { ...process.env, KUBECONFIG: kubeconfig, SLIPWAY_TESTBIN: bin, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` };
  const dirs = process.argv.slice(2).length ? process.argv.slice(2) : ['dist/test'];
  const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...dirs], { stdio: 'inherit', env });
  status = r.status ?? 1;
} finally {
  if (!process.env.SLIPWAY_KEEP_CLUSTER) script('test-cluster', 'stop');
}
process.exit(status);
