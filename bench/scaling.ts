/**
 * Scaling curves (issue 15 item 5): render, lint, analyze and no-op `up` from 10 to 5,000 services, each a whole
 * process (what a user waits for), plotted to bench/results/scaling.svg. Lint and analyze read the prod render
 * of the same stack (about 5.2 objects per service); render and up use dev (about 3.2).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureRuns, SLIPWAY } from './measure.js';
import { writeStack } from './stack-generator.js';

export interface ScalingPoint {
  services: number;
  devObjects: number;
  prodObjects: number;
  renderMs: number;
  lintMs: number;
  analyzeMs: number;
  noopUpMs?: number;
}

const countObjects = (yaml: string) => yaml.split('\n').filter((l) => l === '---').length;

export function scalingBench(work: string, sizes: readonly number[], runs: number, noopUp?: (file: string, services: number) => number | undefined): ScalingPoint[] {
  const points: ScalingPoint[] = [];
  for (const services of sizes) {
    const file = writeStack(work, services);
    const render = (env: string) => {
      const r = spawnSync(process.execPath, [SLIPWAY, 'render', file, '-e', env], { encoding: 'utf8', maxBuffer: 1 << 30 });
      if (r.status !== 0) throw new Error(`render failed: ${r.stderr}`);
      return r.stdout;
    };
    const dev = render('dev');
    const prod = render('prod');
    const dump = join(work, `prod-${services}.yaml`);
    writeFileSync(dump, prod);
    const point: ScalingPoint = {
      services,
      devObjects: countObjects(dev),
      prodObjects: countObjects(prod),
      renderMs: measureRuns(runs, process.execPath, [SLIPWAY, 'render', file, '-e', 'dev']).wallMs,
      // lint exits 1 when it finds something at --fail-on: findings are its output, not a failure.
      lintMs: measureRuns(runs, process.execPath, [SLIPWAY, 'lint', dump, '-o', 'json'], [0, 1]).wallMs,
      analyzeMs: measureRuns(runs, process.execPath, [SLIPWAY, 'analyze', dump]).wallMs,
    };
    const up = noopUp?.(file, services);
    if (up !== undefined) point.noopUpMs = up;
    points.push(point);
    process.stdout.write(`scaling ${JSON.stringify(point)}\n`);
  }
  return points;
}
