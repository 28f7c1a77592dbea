/**
 * Apply benchmark (issue 15 items 3–4), whole processes as a user runs them, against a test cluster
 * (kube-apiserver + controllers + kwok nodes on loopback): for a stack of about 300 and about 1,000 objects (dev),
 * - first apply: `slipway up` (dependency waves, waits for readiness) next to `helm install --wait` of the chart
 *   slipway emits, and `kubectl apply --server-side` followed by `kubectl rollout status` / `kubectl wait` for
 *   the same readiness;
 * - the floor: `slipway up` and kubectl apply + wait of a stack of as many objects with an empty dependency graph
 *   (no infra, no uses): what the simulated kubelets take, which no ordering can beat;
 * - no-op `up` of the unchanged stack (aims: ≤ 0.3 s at 300 objects, ≤ 1 s at 1,000).
 * Runs on its own cluster (SLIPWAY_CLUSTER_NAME=slipway-bench), started and stopped here, or on the cluster of
 * SLIPWAY_BENCH_KUBECONFIG when set (left running).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { emitChart, median, ratio, sh, SLIPWAY, testbinDir } from './measure.js';
import { writeStack } from './stack-generator.js';

/** Synthetic services for about 300 and 1,000 dev objects (3.2 objects per service, plus the infra's). */
const APPLY_SIZES = [{ services: 85 }, { services: 300 }] as const;
/** An empty-graph service renders to a Deployment, a Service and a ServiceAccount. */
const FLOOR_OBJECTS_PER_SERVICE = 3;

function timed(f: () => unknown): number {
  const t = performance.now();
  f();
  return Math.round(performance.now() - t);
}

export interface ApplyCluster {
  kubectl: string;
  helm: string;
  /** slipway `up` of a stack file into a namespace, as a whole process; its wall time. */
  up(file: string, namespace: string): number;
  done(): void;
}

export function startCluster(): ApplyCluster {
  const bin = testbinDir();
  if (!bin) throw new Error('the test binaries are not built: run `bash scripts/testbin` first');
  const own = !process.env.SLIPWAY_BENCH_KUBECONFIG;
  // Room for the largest stack's pods: kwok's nodes take 250 each, and the no-op curve's 1,000 services run ~1,050.
  const env = { ...process.env, SLIPWAY_CLUSTER_NAME: 'slipway-bench', SLIPWAY_CLUSTER_NODES: process.env.SLIPWAY_CLUSTER_NODES ?? '8' };
  const kubeconfig = process.env.SLIPWAY_BENCH_KUBECONFIG ?? sh('bash', ['scripts/test-cluster', 'start'], env).trim().split('\n').pop()!;
  process.env.KUBECONFIG = kubeconfig;
  const upEnv = { ...process.env, KUBECONFIG: kubeconfig };
  return {
    kubectl: join(bin, 'kubectl'),
    helm: join(bin, 'helm'),
    up: (file, namespace) => timed(() => sh(process.execPath, [SLIPWAY, 'up', file, '-e', 'dev', '-n', namespace], upEnv)),
    done: () => {
      if (own) sh('bash', ['scripts/test-cluster', 'stop'], env);
    },
  };
}

/** kubectl apply --server-side of rendered objects, then the readiness slipway waits for. */
function kubectlWithWait(c: ApplyCluster, manifest: string, ns: string): number {
  return timed(() => {
    sh(c.kubectl, ['apply', '--server-side', '--field-manager=bench', '-f', manifest]);
    for (const kind of ['statefulset', 'deployment']) if (sh(c.kubectl, ['get', kind, '-n', ns, '-o', 'name']).trim()) sh(c.kubectl, ['rollout', 'status', kind, '-n', ns, '--timeout=600s']);
    if (sh(c.kubectl, ['get', 'job', '-n', ns, '-o', 'name']).trim()) sh(c.kubectl, ['wait', '--for=condition=complete', 'job', '--all', '-n', ns, '--timeout=600s']);
  });
}

/** Render for kubectl: every object, the Namespace first, generated Secrets included (their key beside the stack). */
function manifestFor(work: string, file: string, ns: string): { path: string; objects: number } {
  const text = sh(process.execPath, [SLIPWAY, 'render', file, '-e', 'dev', '-n', ns, '--secrets', 'include']);
  const path = join(work, `${ns}.yaml`);
  writeFileSync(path, text);
  return { path, objects: text.split('\n').filter((l) => l === '---').length };
}

function deleteNamespaces(c: ApplyCluster, names: string[]): void {
  // Finish the cleanup before the next measurement, so none runs while the cluster deletes the last one.
  spawnSync(c.kubectl, ['delete', 'namespace', ...names, '--wait=true', '--timeout=600s', '--ignore-not-found']);
}

export interface ApplyRow {
  services: number;
  objects: number;
  medianMs: { slipwayUp: number; noopUp: number; helmInstallWait: number; kubectlApplyWait: number; floorSlipwayUp: number; floorKubectlApplyWait: number };
  ratios: { helmOverSlipway: number; kubectlOverSlipway: number; slipwayOverFloor: number };
}

export function applyBench(c: ApplyCluster, work: string, runs: number, noopRuns: number, sizes: readonly { services: number }[] = APPLY_SIZES): ApplyRow[] {
  const rows: ApplyRow[] = [];
  for (const { services } of sizes) {
    const file = writeStack(work, services);
    const s = { slipwayUp: [] as number[], noopUp: [] as number[], helmInstallWait: [] as number[], kubectlApplyWait: [] as number[], floorSlipwayUp: [] as number[], floorKubectlApplyWait: [] as number[] };
    const chart = emitChart(file, join(work, `apply-chart-${services}`), ['--secrets', 'include']);
    // The same namespaces every run (each run deletes them and waits): the manifests and the floor stack are
    // rendered once.
    const ns = (what: string) => `bench-${what}-${services}`;
    const manifest = manifestFor(work, file, ns('kubectl'));
    const { objects } = manifest;
    const floor = writeStack(work, Math.round((objects - 1) / FLOOR_OBJECTS_PER_SERVICE), 'empty');
    const floorManifest = manifestFor(work, floor, ns('floor-kubectl'));
    // Each measurement has the cluster to itself: its namespace is deleted before the next one starts. Left
    // standing, ~1,000 objects' pods of every tool together outgrow the kwok nodes' pod capacity, and the last
    // tool's pods stay Pending (kubectl's rollout then fails on the progress deadline).
    const alone = (namespace: string, measureIt: () => void) => {
      try {
        measureIt();
      } finally {
        deleteNamespaces(c, [namespace]);
      }
    };
    for (let run = 0; run < runs; run++) {
      alone(ns('up'), () => {
        s.slipwayUp.push(c.up(file, ns('up')));
        for (let i = 0; i < noopRuns; i++) s.noopUp.push(c.up(file, ns('up')));
      });
      alone(ns('helm'), () => s.helmInstallWait.push(timed(() => sh(c.helm, ['install', 'bench', chart, '-n', ns('helm'), '--create-namespace', '-f', join(chart, 'values-dev.yaml'), '--set', 'createNamespace=false', '--wait', '--wait-for-jobs', '--timeout', '10m']))));
      alone(ns('kubectl'), () => s.kubectlApplyWait.push(kubectlWithWait(c, manifest.path, ns('kubectl'))));
      alone(ns('floor'), () => s.floorSlipwayUp.push(c.up(floor, ns('floor'))));
      alone(ns('floor-kubectl'), () => s.floorKubectlApplyWait.push(kubectlWithWait(c, floorManifest.path, ns('floor-kubectl'))));
    }
    const m = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, Math.round(median(v))])) as ApplyRow['medianMs'];
    const row: ApplyRow = {
      services,
      objects,
      medianMs: m,
      ratios: { helmOverSlipway: ratio(m.helmInstallWait, m.slipwayUp), kubectlOverSlipway: ratio(m.kubectlApplyWait, m.slipwayUp), slipwayOverFloor: ratio(m.slipwayUp, m.floorSlipwayUp) },
    };
    rows.push(row);
    process.stdout.write(`apply ${JSON.stringify(row)}\n`);
  }
  return rows;
}

/** No-op `up` of one more size, for the scaling curve: the first `up`, then the median of `runs` re-runs. */
export function noopUpAt(c: ApplyCluster, file: string, services: number, runs: number): number {
  const ns = `bench-noop-${services}`;
  c.up(file, ns);
  const ms = median(Array.from({ length: runs }, () => c.up(file, ns)));
  deleteNamespaces(c, [ns]);
  return Math.round(ms);
}
