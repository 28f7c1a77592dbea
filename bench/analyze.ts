/**
 * `analyze` of a large dump: a synthetic stack rendered to at least 5,000 objects, analysed by the CLI as a whole
 * process (what a user waits for: start-up, YAML parse, analysis, text output) and in process (the analysis
 * alone). Issue 12's aim is under 2 s for 5,000 objects. kube-score reads the same file as a yardstick for "a
 * peer tool that parses and inspects every object", when it is installed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyzeObjects } from '../src/analyze/analyze.js';
import { renderStack } from '../src/commands/render.js';
import { parseStack } from '../src/load/load-stack.js';
import { syntheticStackYaml } from './stack-generator.js';
import { measureRuns, median, ratios, SLIPWAY } from './measure.js';

const RUNS = 5;
/** About 5.2 objects per service in prod (with budgets and policies): 960 services render to about 5,000 objects. */
const SERVICES = 960;

export function analyzeBench(kubeScore?: string): Record<string, unknown> {
  const work = mkdtempSync(join(tmpdir(), 'slipway-analyze-bench-'));
  const rendered = renderStack(parseStack(syntheticStackYaml(SERVICES), 'bench.yaml'), { environment: 'prod' });
  const dump = join(work, 'dump.yaml');
  writeFileSync(dump, rendered.text);
  const inProcess = median(
    Array.from({ length: RUNS }, () => {
      const t = performance.now();
      analyzeObjects(rendered.objects);
      return performance.now() - t;
    }),
  );
  const slipway = measureRuns(RUNS, process.execPath, [SLIPWAY, 'analyze', dump]);
  const row: Record<string, unknown> = { services: SERVICES, objects: rendered.objects.length, analyzeInProcessMs: Math.round(inProcess), slipway, aimMs: 2000 };
  if (kubeScore) {
    // kube-score exits 1 when a check fails: its findings are its output.
    const ks = measureRuns(RUNS, kubeScore, ['score', '-o', 'json', dump], [0, 1]);
    row.kubeScore = ks;
    row.kubeScoreOverAnalyze = ratios(ks, slipway);
  }
  process.stdout.write(`analyze ${JSON.stringify(row)}\n`);
  return row;
}
