/**
 * Apply benchmark (part of `npm run bench`): first apply and no-op re-apply of a ~300-object stack, `slipway up`
 * (waves, parallel, waits for readiness) next to `kubectl apply --server-side -f` of the same rendered objects
 * (no waiting), and kubectl followed by `kubectl rollout status` / `wait` for the same readiness slipway waits
 * for. Runs against its own test cluster, started and stopped here.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseStack } from '../src/load/load-stack.js';
import { renderStack } from '../src/commands/render.js';
import { up } from '../src/commands/up.js';
import { syntheticStackYaml } from './stack-generator.js';

const SERVICES = 85;
const RUNS = 3;

function sh(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

async function timed(f: () => unknown): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

export async function applyBench(): Promise<Record<string, unknown>> {
  const env = { ...process.env, SLIPWAY_CLUSTER_NAME: 'slipway-bench' };
  const bin = sh('bash', ['scripts/testbin']).trim().split('\n').pop()!;
  const kubeconfig = sh('bash', ['scripts/test-cluster', 'start'], env).trim().split('\n').pop()!;
  process.env.KUBECONFIG = kubeconfig;
  const kubectl = join(bin, 'kubectl');
  const work = mkdtempSync(join(tmpdir(), 'slipway-apply-bench-'));
  const text = syntheticStackYaml(SERVICES);
  try {
    const samples = { slipwayFirst: [] as number[], slipwayNoop: [] as number[], kubectlFirst: [] as number[], kubectlNoop: [] as number[], kubectlWithWait: [] as number[] };
    let objects = 0;
    for (let run = 0; run < RUNS; run++) {
      const loaded = parseStack(text, 'bench.yaml');
      const nsA = `bench-slipway-${run}`;
      samples.slipwayFirst.push(await timed(() => up(loaded, { environment: 'dev', namespace: nsA, report: () => undefined })));
      samples.slipwayNoop.push(await timed(() => up(loaded, { environment: 'dev', namespace: nsA, report: () => undefined })));
      const nsB = `bench-kubectl-${run}`;
      const rendered = renderStack(loaded, { environment: 'dev', namespace: nsB, secrets: 'include', secretKey: Buffer.alloc(32, 1) });
      objects = rendered.objects.length;
      const file = join(work, `${nsB}.yaml`);
      writeFileSync(file, rendered.text);
      const apply = () => sh(kubectl, ['apply', '--server-side', '--field-manager=bench', '-f', file]);
      samples.kubectlFirst.push(await timed(apply));
      samples.kubectlNoop.push(await timed(apply));
      const nsC = `bench-kubectl-wait-${run}`;
      const fileC = join(work, `${nsC}.yaml`);
      writeFileSync(fileC, renderStack(loaded, { environment: 'dev', namespace: nsC, secrets: 'include', secretKey: Buffer.alloc(32, 1) }).text);
      samples.kubectlWithWait.push(
        await timed(() => {
          sh(kubectl, ['apply', '--server-side', '--field-manager=bench', '-f', fileC]);
          for (const kind of ['statefulset', 'deployment']) sh(kubectl, ['rollout', 'status', kind, '-n', nsC, '--timeout=300s']);
          if (sh(kubectl, ['get', 'job', '-n', nsC, '-o', 'name']).trim()) sh(kubectl, ['wait', '--for=condition=complete', 'job', '--all', '-n', nsC, '--timeout=300s']);
        }),
      );
      // Finish the cleanup before the next run, so no run is measured while the cluster deletes the last one.
      spawnSync(kubectl, ['delete', 'namespace', nsA, nsB, nsC, '--wait=true', '--timeout=300s']);
    }
    const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, Math.round(median(v))])) as Record<keyof typeof samples, number>;
    return {
      objects,
      runs: RUNS,
      medianMs: m,
      ratios: {
        kubectlFirstOverSlipwayFirst: Number((m.kubectlFirst / m.slipwayFirst).toFixed(2)),
        kubectlWithWaitOverSlipwayFirst: Number((m.kubectlWithWait / m.slipwayFirst).toFixed(2)),
        kubectlNoopOverSlipwayNoop: Number((m.kubectlNoop / m.slipwayNoop).toFixed(2)),
      },
      note: 'slipway up includes readiness waits (infra Ready, Jobs complete, rollouts done) and history; kubectl apply alone does not wait. kubectlWithWait adds rollout status / wait for the same readiness. Test cluster: kube-apiserver + controllers + kwok nodes on loopback.',
    };
  } finally {
    sh('bash', ['scripts/test-cluster', 'stop'], env);
  }
}
