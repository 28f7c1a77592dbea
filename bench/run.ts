/**
 * `npm run bench`: every figure of issue 15 (and issue 11's lint figures), each next to its peer in the same run,
 * written to bench/results/ with the machine, the versions and the ratios; bench/results/summary.md reads them
 * out against the aims and bench/results/scaling.svg plots the curves.
 *   --quick       fewer sizes and runs, results in a temporary folder (for checking the bench, not for the record)
 *   --no-cluster  skip what needs the test cluster (first apply, no-op up)
 *   --lint-only   only lint vs kube-score vs kubeconform (bench/results/lint.json)
 *   --cluster-only  only what needs the cluster (first apply, no-op up, the scaling curves), reading the other
 *                 figures from the results folder (to finish a run whose cluster part failed)
 *   --scaling-only  only the scaling curves (with their no-op ups), reading every other figure from the results folder
 * Needs the test binaries (`bash scripts/testbin`, as the cluster tests build them) for helm, kubectl,
 * kube-score and kubeconform; without them the peers' columns are left out.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyzeBench } from './analyze.js';
import { applyBench, noopUpAt, startCluster, type ApplyCluster, type ApplyRow } from './apply.js';
import { coldStartBench } from './cold-start.js';
import { lintBench } from './lint.js';
import { findTool, machine, versionOf } from './measure.js';
import { renderBench } from './render.js';
import { scalingBench } from './scaling.js';
import { scalingSvg } from './svg.js';
import { summary } from './summary.js';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const RESULTS = quick ? mkdtempSync(join(tmpdir(), 'slipway-bench-quick-')) : 'bench/results';
mkdirSync(RESULTS, { recursive: true });
const write = (name: string, data: unknown) => {
  writeFileSync(join(RESULTS, name), typeof data === 'string' ? data : `${JSON.stringify(data, null, 2)}\n`);
  process.stdout.write(`wrote ${RESULTS}/${name}\n`);
};
const started = performance.now();

const tools = {
  helm: findTool('helm', ['version', '--short']),
  kubeScore: findTool('kube-score', ['version']),
  kubeconform: findTool('kubeconform', ['-v']),
};
const versions = {
  helm: versionOf(tools.helm, ['version', '--short']),
  kubeScore: versionOf(tools.kubeScore, ['version']),
  kubeconform: versionOf(tools.kubeconform, ['-v']),
};

function runLint(): Record<string, unknown> {
  const atStart = machine();
  const lint = lintBench({ ...(tools.kubeScore ? { kubeScore: tools.kubeScore } : {}), ...(tools.kubeconform ? { kubeconform: tools.kubeconform } : {}) }, quick ? 1 : 3, quick ? [1_000, 3_000] : undefined);
  const result = { ...atStart, kubeScore: versions.kubeScore, kubeconform: versions.kubeconform, ...lint };
  write('lint.json', result);
  return result;
}

if (args.has('--lint-only')) {
  runLint();
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), 'slipway-bench-'));
const runs = quick ? 3 : 7;
const common = { ...machine(), helm: versions.helm, runsPerPoint: runs, mode: quick ? 'quick' : 'full' };

const scalingOnly = args.has('--scaling-only');
const clusterOnly = args.has('--cluster-only') || scalingOnly;
const earlier = <T,>(name: string): T => JSON.parse(readFileSync(join(RESULTS, name), 'utf8')) as T;

const coldStart = clusterOnly
  ? earlier<Record<string, unknown>>('cold-start.json')
  : { ...common, note: 'Whole processes under /usr/bin/time, median wall and CPU; slipway is the installed binary (dist/src/bundle/main.mjs). nodeEmptyScript: `node -e 0`, the floor of any Node CLI.', ...coldStartBench(work, quick ? 5 : 15, tools.helm) };
if (!clusterOnly) write('cold-start.json', coldStart);

// Every size of the scaling curve: its render points are these rows (one measurement per size, not two).
const render = clusterOnly
  ? earlier<{ rows: ReturnType<typeof renderBench> } & Record<string, unknown>>('render.json')
  : {
      ...common,
      note: 'slipway: `slipway render FILE -e dev` (whole process, output to /dev/null); slipwayInProcessMs: parse, validate, resolve, generate, lint error rules, emit in one process after start-up; helm: `helm template` of the chart `slipway render --format helm` emits for the same stack and environment (the same objects). Wall, CPU and peak RSS from /usr/bin/time.',
      rows: renderBench(work, quick ? [10, 100, 1000] : [10, 100, 1000, 5000], runs, tools.helm),
    };
if (!clusterOnly) write('render.json', render);

const analyze = clusterOnly ? earlier<Record<string, unknown>>('analyze.json') : { ...machine(), kubeScore: versions.kubeScore, ...analyzeBench(tools.kubeScore) };
if (!clusterOnly) write('analyze.json', analyze);

const lint = clusterOnly ? earlier<Record<string, unknown>>('lint.json') : runLint();

let cluster: ApplyCluster | undefined;
let apply: { rows: ApplyRow[] } & Record<string, unknown> | undefined;
try {
  if (!args.has('--no-cluster')) {
    cluster = startCluster();
    apply = scalingOnly ? earlier<{ rows: ApplyRow[] } & Record<string, unknown>>('apply.json') : {
      ...machine(),
      helm: versions.helm,
      kubectl: versionOf(cluster.kubectl, ['version', '--client', '-o', 'yaml']).match(/gitVersion: (\S+)/)?.[1] ?? 'unknown',
      runs: quick ? 1 : 3,
      note: 'Whole processes. slipwayUp: first `slipway up -e dev -n NS` (waves, readiness waits, history). helmInstallWait: `helm install --wait --wait-for-jobs` of the emitted chart. kubectlApplyWait: `kubectl apply --server-side` of the rendered objects, then `kubectl rollout status` per kind and `kubectl wait` for Jobs. floor*: the same for a stack of as many objects with an empty dependency graph (the simulated kubelets\' pace). noopUp: `slipway up` again with nothing changed.',
      rows: applyBench(cluster, work, quick ? 1 : 3, quick ? 2 : 5),
    };
    if (!scalingOnly) write('apply.json', apply);
  } else {
    // Every file in the results folder comes from this run: no apply.json of an earlier one next to the others.
    write('apply.json', { ...machine(), skipped: 'run with --no-cluster: no first apply or no-op up measured' });
  }
  const c = cluster;
  const scaling = {
    ...machine(),
    note: 'Whole-process wall time (median). render: render.json\'s figure for the same stack (dev); no-op up: dev; lint and analyze: the prod render of the same stack as a file.',
    points: scalingBench(work, render.rows, quick ? 1 : 3, c ? (file, services) => noopUpAt(c, file, services, quick ? 1 : 3) : undefined),
  };
  write('scaling.json', scaling);
  const xs = scaling.points;
  write(
    'scaling.svg',
    scalingSvg('slipway: whole-process wall time by stack size', 'services in the stack', 'wall time (log scale)', [
      { name: 'render (dev)', color: '#1f77b4', points: xs.map((p) => [p.services, p.renderMs]) },
      { name: 'lint (prod objects)', color: '#ff7f0e', points: xs.map((p) => [p.services, p.lintMs]) },
      { name: 'analyze (prod objects)', color: '#2ca02c', points: xs.map((p) => [p.services, p.analyzeMs]) },
      { name: 'no-op up (dev)', color: '#d62728', points: xs.flatMap((p) => (p.noopUpMs === undefined ? [] : [[p.services, p.noopUpMs] as const])) },
    ]),
  );
  write('summary.md', summary({ coldStart, render, lint, analyze, apply, scaling, totalMinutes: (performance.now() - started) / 60_000 }));
} finally {
  cluster?.done();
}
