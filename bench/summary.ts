/** bench/results/summary.md: each aim of issues 15 and 11 with the figure this run measured, met or not. */
import type { ApplyRow } from './apply.js';
import type { Measure } from './measure.js';
import type { RenderRow } from './render.js';
import type { ScalingPoint } from './scaling.js';

interface Inputs {
  coldStart: Record<string, unknown>;
  render: { rows: RenderRow[] } & Record<string, unknown>;
  lint: Record<string, unknown>;
  analyze: Record<string, unknown>;
  apply: ({ rows: ApplyRow[] } & Record<string, unknown>) | undefined;
  scaling: { points: ScalingPoint[] };
  totalMinutes: number;
}

type Aim = [aim: string, measured: string, met: boolean | undefined];

const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n} ms`);
const verdict = (met: boolean | undefined) => (met === undefined ? 'not measured' : met ? 'met' : 'not met');

export function summary(r: Inputs): string {
  const aims: Aim[] = [];
  const at = (n: number) => r.render.rows.find((row) => row.services === n);
  const r1k = at(1000);
  if (r1k) {
    aims.push(['render 1,000 services (dev) ≤ 0.15 s whole process', `${ms(r1k.slipway.wallMs)} for ${r1k.objects} objects (CPU ${ms(r1k.slipway.cpuMs)}; in process ${ms(r1k.slipwayInProcessMs)})`, r1k.slipway.wallMs <= 150]);
    aims.push(['render memory ≤ 150 MiB at 1,000 services', `${r1k.slipway.peakRssMiB} MiB`, r1k.slipway.peakRssMiB <= 150]);
  }
  // The aim names 100 to 5,000 services; the smaller rows are the scaling curve's, where start-up is all there is.
  for (const row of r.render.rows.filter((row) => row.services >= 100)) {
    if (row.helmOverSlipway) aims.push([`render ≥ 5× faster than helm template of the emitted chart, ${row.services} services`, `helm ${ms(row.helm!.wallMs)} / slipway ${ms(row.slipway.wallMs)} = ${row.helmOverSlipway.wall}× (CPU ${row.helmOverSlipway.cpu}×)`, row.helmOverSlipway.wall >= 5]);
  }
  const r5k = at(5000);
  if (r1k && r5k) aims.push(['render memory linear beyond 1,000 services', `${r1k.slipway.peakRssMiB} → ${r5k.slipway.peakRssMiB} MiB for ${r1k.objects} → ${r5k.objects} objects`, r5k.slipway.peakRssMiB / r1k.slipway.peakRssMiB <= (r5k.objects / r1k.objects) * 1.1]);
  const cs = r.coldStart as { slipwayVersion: Measure; slipwayValidateSmall: Measure; helmVersion?: Measure; nodeEmptyScript: Measure };
  if (cs.helmVersion) {
    const h = cs.helmVersion.wallMs;
    aims.push(['`slipway --version` ≤ 1.5× `helm version`', `${ms(cs.slipwayVersion.wallMs)} vs ${ms(h)} = ${(cs.slipwayVersion.wallMs / h).toFixed(2)}× (node -e 0 alone: ${(cs.nodeEmptyScript.wallMs / h).toFixed(2)}×)`, cs.slipwayVersion.wallMs <= 1.5 * h]);
    aims.push(['`slipway validate` (10 services) ≤ 1.5× `helm version`', `${ms(cs.slipwayValidateSmall.wallMs)} vs ${ms(h)} = ${(cs.slipwayValidateSmall.wallMs / h).toFixed(2)}×`, cs.slipwayValidateSmall.wallMs <= 1.5 * h]);
  }
  const lintRows = (r.lint.rows ?? []) as { objects: number; slipway: Measure; kubeScoreOverSlipway?: { wall: number } }[];
  const near = (n: number) => lintRows.find((row) => Math.abs(row.objects - n) / n < 0.1);
  const l10k = near(10_000);
  aims.push(['lint 10,000 objects < 1 s whole process', l10k ? `${ms(l10k.slipway.wallMs)} (${l10k.objects} objects)` : 'not in this run', l10k ? l10k.slipway.wallMs < 1000 : undefined]);
  const l3k = near(3_000);
  aims.push(['lint ≥ 20× faster than kube-score at 3,000 objects', l3k?.kubeScoreOverSlipway ? `${l3k.kubeScoreOverSlipway.wall}×` : 'kube-score not run', l3k?.kubeScoreOverSlipway ? l3k.kubeScoreOverSlipway.wall >= 20 : undefined]);
  const an = r.analyze as { objects?: number; slipway?: Measure; aimMs?: number };
  if (an.slipway && an.objects) aims.push([`analyze ${an.objects} objects < ${ms(an.aimMs ?? 2000)} whole process`, ms(an.slipway.wallMs), an.slipway.wallMs < (an.aimMs ?? 2000)]);
  if (!r.apply) aims.push(['first apply and no-op up (apply.json)', 'not in this run (--no-cluster)', undefined]);
  for (const row of r.apply?.rows ?? []) {
    const m = row.medianMs;
    aims.push([`first apply of ${row.objects} objects ≥ 2× faster than helm install --wait`, `${ms(m.helmInstallWait)} / ${ms(m.slipwayUp)} = ${row.ratios.helmOverSlipway}×`, row.ratios.helmOverSlipway >= 2]);
    aims.push([`first apply of ${row.objects} objects ≥ 2× faster than kubectl apply + wait`, `${ms(m.kubectlApplyWait)} / ${ms(m.slipwayUp)} = ${row.ratios.kubectlOverSlipway}×; floor (empty graph): slipway ${ms(m.floorSlipwayUp)}, kubectl ${ms(m.floorKubectlApplyWait)}`, row.ratios.kubectlOverSlipway >= 2]);
    const limit = row.objects < 600 ? 300 : 1000;
    aims.push([`no-op up of ${row.objects} objects ≤ ${ms(limit)}`, ms(m.noopUp), m.noopUp <= limit]);
  }
  const lines = [
    '# Benchmark summary',
    '',
    `Written by \`npm run bench\` (${(r.render as { mode?: string }).mode ?? 'full'} mode, ${r.totalMinutes.toFixed(1)} minutes). Machine: ${String(r.render.cpus)} × ${String(r.render.cpuModel)}, Node ${String(r.render.node)}, load average at start ${JSON.stringify(r.render.loadAverage)}; helm ${String(r.render.helm)}.`,
    'Figures are medians of whole-process wall times; the JSON files beside this one hold CPU time, peak memory and every row.',
    '',
    '| aim | measured | |',
    '| --- | --- | --- |',
    ...aims.map(([aim, measured, met]) => `| ${aim} | ${measured} | ${verdict(met)} |`),
    '',
    '![scaling curves](scaling.svg)',
    '',
  ];
  return lines.join('\n');
}
