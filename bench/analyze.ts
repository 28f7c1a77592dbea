/**
 * `analyze` of a large dump: a synthetic stack rendered to at least 5,000 objects, analysed by the CLI as a whole
 * process (what a user waits for: start-up, YAML parse, analysis, text output) and in process (the analysis
 * alone). Issue 12's aim is under 2 s for 5,000 objects. kube-score reads the same file as a yardstick for "a
 * peer tool that parses and inspects every object", when it is installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyzeObjects } from '../src/analyze/analyze.js';
import { renderStack } from '../src/commands/render.js';
import { parseStack } from '../src/load/load-stack.js';
import { syntheticStackYaml } from './stack-generator.js';
import { SLIPWAY } from './measure.js';

const RUNS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timed(cmd: string, args: string[]): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0 && !(cmd.endsWith('kube-score') && r.status === 1)) throw new Error(`${cmd} failed: ${r.stderr}`);
  return performance.now() - t;
}

export function analyzeBench(kubeScore?: string): Record<string, unknown> {
  const work = mkdtempSync(join(tmpdir(), 'slipway-analyze-bench-'));
  // About 5.2 objects per service in prod (with budgets and policies): 960 services render to about 5,000 objects.
  const rendered = renderStack(parseStack(syntheticStackYaml(960), 'bench.yaml'), { environment: 'prod' });
  const dump = join(work, 'dump.yaml');
  writeFileSync(dump, rendered.text);
  const inProcess = median(
    Array.from({ length: RUNS }, () => {
      const t = performance.now();
      analyzeObjects(rendered.objects);
      return performance.now() - t;
    }),
  );
  const wall = median(Array.from({ length: RUNS }, () => timed(process.execPath, [SLIPWAY, 'analyze', dump])));
  const row: Record<string, unknown> = { objects: rendered.objects.length, analyzeInProcessMs: Math.round(inProcess), analyzeProcessWallMs: Math.round(wall), aimMs: 2000 };
  if (kubeScore) {
    const ks = median(Array.from({ length: RUNS }, () => timed(kubeScore, ['score', '-o', 'json', dump])));
    row.kubeScoreWallMs = Math.round(ks);
    row.kubeScoreOverAnalyze = Number((ks / wall).toFixed(2));
  }
  return row;
}
