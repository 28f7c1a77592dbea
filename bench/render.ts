/**
 * Render against the peer (issue 15 item 1): `slipway render -e dev` of each size (10 to 5,000 services) as a
 * whole process (start-up and output included) and in process, with peak memory, next to `helm template` of the
 * Helm chart slipway emits for the same stack (`render --format helm`): the same objects, templated as a user of
 * that chart would render them. Both write to /dev/null. The scaling curve's render points are these rows.
 */
import { join } from 'node:path';
import { emitChart, measureRuns, median, ratios, sh, SLIPWAY, type Measure } from './measure.js';
import { writeStack } from './stack-generator.js';

export interface RenderRow {
  services: number;
  objects: number;
  slipway: Measure;
  slipwayInProcessMs: number;
  helm?: Measure;
  helmOverSlipway?: { wall: number; cpu: number };
}

function inProcess(file: string, runs: number): { ms: number; objects: number } {
  const all = Array.from({ length: runs }, () => JSON.parse(sh(process.execPath, ['dist/bench/render-once.js', file, 'dev'])) as { ms: number; objects: number });
  return { ms: Math.round(median(all.map((r) => r.ms))), objects: all[0]!.objects };
}

export function renderBench(work: string, sizes: readonly number[], runs: number, helm: string | undefined): RenderRow[] {
  const rows: RenderRow[] = [];
  for (const services of sizes) {
    const file = writeStack(work, services);
    const slipway = measureRuns(runs, process.execPath, [SLIPWAY, 'render', file, '-e', 'dev']);
    const own = inProcess(file, runs);
    const row: RenderRow = { services, objects: own.objects, slipway, slipwayInProcessMs: own.ms };
    if (helm) {
      const chart = emitChart(file, join(work, `chart-${services}`));
      row.helm = measureRuns(runs, helm, ['template', 'bench', chart, '--namespace', 'bench-dev', '-f', join(chart, 'values-dev.yaml')]);
      row.helmOverSlipway = ratios(row.helm, slipway);
    }
    rows.push(row);
    process.stdout.write(`render ${JSON.stringify(row)}\n`);
  }
  return rows;
}
