/**
 * Scaling curves (issue 15 item 5): render, lint, analyze and no-op `up` from 10 to 5,000 services, each a whole
 * process (what a user waits for), plotted to bench/results/scaling.svg. Render is renderBench's figure for the
 * same stack (one measurement of one quantity); lint and analyze read the prod render of the stack (about 5.2
 * objects per service); render and up use dev (about 3.2).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderStack } from '../src/commands/render.js';
import { loadStack } from '../src/load/load-stack.js';
import { measureRuns, SLIPWAY } from './measure.js';
import type { RenderRow } from './render.js';
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

/**
 * The no-op `up` curve stops here: its first `up` of 5,000 services (about 16,000 objects and 5,000 pods) would take
 * the simulated cluster longer than the rest of the bench together.
 */
const NOOP_UP_MAX_SERVICES = 1000;

export function scalingBench(work: string, renders: readonly RenderRow[], runs: number, noopUp?: (file: string, services: number) => number | undefined): ScalingPoint[] {
  const points: ScalingPoint[] = [];
  for (const row of renders) {
    const { services } = row;
    const file = writeStack(work, services);
    const prod = renderStack(loadStack(file), { environment: 'prod' });
    const dump = join(work, `prod-${services}.yaml`);
    writeFileSync(dump, prod.text);
    const point: ScalingPoint = {
      services,
      devObjects: row.objects,
      prodObjects: prod.objects.length,
      renderMs: row.slipway.wallMs,
      // lint exits 1 when it finds something at --fail-on: findings are its output, not a failure.
      lintMs: measureRuns(runs, process.execPath, [SLIPWAY, 'lint', dump, '-o', 'json'], [0, 1]).wallMs,
      analyzeMs: measureRuns(runs, process.execPath, [SLIPWAY, 'analyze', dump]).wallMs,
    };
    const up = services <= NOOP_UP_MAX_SERVICES ? noopUp?.(file, services) : undefined;
    if (up !== undefined) point.noopUpMs = up;
    points.push(point);
    process.stdout.write(`scaling ${JSON.stringify(point)}\n`);
  }
  return points;
}
