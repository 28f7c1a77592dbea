/**
 * `npm run bench`: slipway render of synthetic stacks (10/100/1,000 services × 3 environments), each size in a
 * fresh process (wall time includes module load; peak RSS from the OS), next to `helm template` of an equivalent
 * chart (one Deployment + Service per service) when helm is available; analyze; lint next to kube-score and
 * kubeconform (bench/lint.ts); apply. Results go to bench/results/. `--lint-only` runs the lint comparison alone.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { syntheticStackYaml } from './stack-generator.js';
import { applyBench } from './apply.js';
import { analyzeBench } from './analyze.js';
import { lintBench } from './lint.js';

const SIZES = [10, 100, 1000];
const ENVS = ['dev', 'preprod', 'prod'];
const RUNS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function findHelm(): string | undefined {
  const candidates = [process.env.SLIPWAY_TESTBIN ? join(process.env.SLIPWAY_TESTBIN, 'helm') : '', 'helm'].filter(Boolean);
  return candidates.find((c) => spawnSync(c, ['version', '--short'], { encoding: 'utf8' }).status === 0);
}

/** A chart that renders the same shape as slipway's services: Deployment + Service per entry. */
function helmChart(dir: string, services: number): void {
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: bench\nversion: 0.1.0\n');
  writeFileSync(
    join(dir, 'templates', 'services.yaml'),
    `{{- range $name, $s := .Values.services }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $name }}
  labels: {app.kubernetes.io/name: {{ $name }}, app.kubernetes.io/instance: {{ $.Release.Name }}}
spec:
  replicas: {{ $s.replicas }}
  selector: {matchLabels: {app.kubernetes.io/name: {{ $name }}}}
  template:
    metadata: {labels: {app.kubernetes.io/name: {{ $name }}}}
    spec:
      securityContext: {runAsNonRoot: true, runAsUser: 10001, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: {{ $name }}
          image: {{ $s.image }}
          env:
            - {name: DATABASE_URL, value: {{ printf "postgresql://app@pg.%s.svc:5432/app" $.Release.Namespace | quote }}}
            - {name: LOG_LEVEL, value: info}
          ports: [{name: http, containerPort: 8080}]
          readinessProbe: {httpGet: {path: /ready, port: http}}
          resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {cpu: "1", memory: 512Mi}}
          securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
---
apiVersion: v1
kind: Service
metadata: {name: {{ $name }}}
spec:
  selector: {app.kubernetes.io/name: {{ $name }}}
  ports: [{name: http, port: 8080, targetPort: http}]
{{- end }}
`,
  );
  const values: Record<string, unknown> = {};
  for (let i = 0; i < services; i++) values[`svc-${String(i).padStart(4, '0')}`] = { image: `ghcr.io/acme/svc:${i}`, replicas: 1 };
  writeFileSync(join(dir, 'values.yaml'), stringify({ services: values }));
}

/** A peer tool from scripts/testbin (SLIPWAY_TESTBIN, as run-tests sets it) or PATH, when it runs. */
function findTool(name: string, args: string[]): string | undefined {
  return [process.env.SLIPWAY_TESTBIN ? join(process.env.SLIPWAY_TESTBIN, name) : '', name].filter(Boolean).find((c) => spawnSync(c, args, { encoding: 'utf8' }).status === 0);
}

const machine = () => ({ date: new Date().toISOString().slice(0, 10), node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown' });

function runLintBench(): void {
  const kubeScore = findTool('kube-score', ['version']);
  const kubeconform = findTool('kubeconform', ['-v']);
  const versions = {
    kubeScore: kubeScore ? spawnSync(kubeScore, ['version'], { encoding: 'utf8' }).stdout.trim() : 'not available',
    kubeconform: kubeconform ? spawnSync(kubeconform, ['-v'], { encoding: 'utf8' }).stdout.trim() : 'not available',
  };
  const lint = lintBench({ ...(kubeScore ? { kubeScore } : {}), ...(kubeconform ? { kubeconform } : {}) });
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/lint.json', `${JSON.stringify({ ...machine(), ...versions, ...lint }, null, 2)}\n`);
  process.stdout.write('wrote bench/results/lint.json\n');
}

if (process.argv.includes('--lint-only')) {
  runLintBench();
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), 'slipway-bench-'));
const helm = findHelm();
const rows: Record<string, unknown>[] = [];
for (const size of SIZES) {
  const file = join(work, `stack-${size}.yaml`);
  writeFileSync(file, syntheticStackYaml(size));
  const runs = Array.from({ length: RUNS }, () => {
    const t = performance.now();
    const r = spawnSync(process.execPath, ['dist/bench/render-once.js', file, ...ENVS], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`render failed for ${size}: ${r.stderr}`);
    return { wall: performance.now() - t, ...(JSON.parse(r.stdout) as { ms: number; objects: number; maxRssMiB: number }) };
  });
  const row: Record<string, unknown> = {
    services: size,
    environments: ENVS.length,
    objects: runs[0]!.objects,
    renderMs: Math.round(median(runs.map((r) => r.ms))),
    processWallMs: Math.round(median(runs.map((r) => r.wall))),
    peakRssMiB: Math.round(Math.max(...runs.map((r) => r.maxRssMiB))),
  };
  if (helm) {
    const chart = join(work, `chart-${size}`);
    helmChart(chart, size);
    const times = Array.from({ length: RUNS }, () => {
      const t = performance.now();
      for (const env of ENVS) {
        const r = spawnSync(helm, ['template', 'bench', chart, '--namespace', `bench-${env}`], { encoding: 'utf8', maxBuffer: 1 << 30 });
        if (r.status !== 0) throw new Error(`helm template failed: ${r.stderr}`);
      }
      return performance.now() - t;
    });
    row.helmTemplateWallMs = Math.round(median(times));
    row.helmOverSlipway = Number((median(times) / (row.processWallMs as number)).toFixed(2));
  }
  rows.push(row);
  process.stdout.write(`${JSON.stringify(row)}\n`);
}
const result = {
  date: new Date().toISOString().slice(0, 10),
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  runsPerPoint: RUNS,
  note: 'renderMs: in-process time for all environments (parse, validate, resolve, generate, emit). processWallMs: whole `node` process incl. startup. helmTemplateWallMs: helm template once per environment of a chart with one Deployment+Service per service (less than slipway generates).',
  helm: helm ? spawnSync(helm, ['version', '--short'], { encoding: 'utf8' }).stdout.trim() : 'not available',
  rows,
};
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/render.json', `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write('wrote bench/results/render.json\n');

const kubeScore = [process.env.SLIPWAY_TESTBIN ? join(process.env.SLIPWAY_TESTBIN, 'kube-score') : '', 'kube-score']
  .filter(Boolean)
  .find((c) => spawnSync(c, ['version'], { encoding: 'utf8' }).status === 0);
const analyze = analyzeBench(kubeScore);
process.stdout.write(`${JSON.stringify(analyze)}\n`);
writeFileSync('bench/results/analyze.json', `${JSON.stringify({ date: result.date, node: process.version, cpus: result.cpus, kubeScore: kubeScore ? 'installed' : 'not available', ...analyze }, null, 2)}\n`);
process.stdout.write('wrote bench/results/analyze.json\n');

if (!process.argv.includes('--render-only')) {
  runLintBench();

  const apply = await applyBench();
  process.stdout.write(`${JSON.stringify(apply)}\n`);
  writeFileSync('bench/results/apply.json', `${JSON.stringify({ date: result.date, node: process.version, cpus: result.cpus, ...apply }, null, 2)}\n`);
  process.stdout.write('wrote bench/results/apply.json\n');
}
