/**
 * `slipway lint` next to kube-score and kubeconform on the same manifest files: synthetic stacks rendered (prod)
 * to about 1k, 3k, 10k and 50k objects, each tool run as a whole process on the one file. Wall time, CPU time and
 * peak RSS come from /usr/bin/time (the child's own rusage), so start-up and output are counted as a user waits
 * for them. Issue 11's aims: linear growth, 10,000 objects under 1 s, at least 20× faster than kube-score at 3,000.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderStack } from '../src/commands/render.js';
import { parseStack } from '../src/load/load-stack.js';
import { syntheticStackYaml } from './stack-generator.js';
import { measure, measureRuns, ratios, SLIPWAY, type Measure } from './measure.js';

/** Objects wanted; a prod render writes about 5.2 objects per synthetic service. */
const SIZES = [1_000, 3_000, 10_000, 50_000];
const OBJECTS_PER_SERVICE = 5.2;
/** kube-score grows faster than linearly (about 67 s at 10k): a ceiling, so the 50k point ends. */
const KUBE_SCORE_TIMEOUT_S = 300;

/** kubeconform's schemas: generated from the test cluster's OpenAPI by scripts/kubeconform-schemas (cached). */
function kubeconformSchemas(): string | undefined {
  const cached = join(process.env.SLIPWAY_TESTBIN_CACHE ?? join(homedir(), '.cache', 'slipway-testbin'), 'kubeconform-schemas', 'latest');
  if (existsSync(join(cached, '.complete'))) return cached;
  const r = spawnSync('bash', ['scripts/kubeconform-schemas'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return r.status === 0 ? r.stdout.trim().split('\n').pop() : undefined;
}

export function lintBench(tools: { kubeScore?: string; kubeconform?: string }, runs = 3, sizes: readonly number[] = SIZES): Record<string, unknown> {
  const work = mkdtempSync(join(tmpdir(), 'slipway-lint-bench-'));
  const schemas = tools.kubeconform ? kubeconformSchemas() : undefined;
  const rows: Record<string, unknown>[] = [];
  for (const size of sizes) {
    const rendered = renderStack(parseStack(syntheticStackYaml(Math.ceil(size / OBJECTS_PER_SERVICE)), 'bench.yaml'), { environment: 'prod' });
    const file = join(work, `objects-${size}.yaml`);
    writeFileSync(file, rendered.text);
    // lint exits 1 when it finds something at --fail-on: findings are its output, not a failure.
    const slipway = measureRuns(runs, process.execPath, [SLIPWAY, 'lint', file, '-o', 'json'], [0, 1]);
    const row: Record<string, unknown> = { objects: rendered.objects.length, megabytes: Number((rendered.text.length / 2 ** 20).toFixed(1)), slipway };
    if (tools.kubeScore) {
      const ks = measure(tools.kubeScore, ['score', '-o', 'json', file], [0, 1], KUBE_SCORE_TIMEOUT_S);
      row.kubeScore = ks ?? `over ${KUBE_SCORE_TIMEOUT_S} s (stopped)`;
      if (ks) row.kubeScoreOverSlipway = ratios(ks, slipway);
    }
    if (tools.kubeconform && schemas) {
      const kc = measure(tools.kubeconform, ['-strict', '-summary', '-output', 'json', '-schema-location', `${schemas}/{{.ResourceKind}}{{.KindSuffix}}.json`, file], [0, 1]);
      row.kubeconform = kc;
      if (kc) row.kubeconformOverSlipway = ratios(kc, slipway);
    }
    rows.push(row);
    process.stdout.write(`${JSON.stringify(row)}\n`);
  }
  const slip = rows.map((r) => r.slipway as Measure);
  const first = rows[0]!;
  const last = rows[rows.length - 1]!;
  return {
    runsPerPoint: `slipway: median of ${runs}; kube-score and kubeconform (seconds to minutes each): 1, kube-score stopped after ${KUBE_SCORE_TIMEOUT_S} s`,
    note: 'Each tool reads the same file: a synthetic stack rendered for prod. slipway: `slipway lint FILE -o json` (every rule on by default, cross-object rules included); kube-score: `kube-score score -o json FILE`; kubeconform: `-strict -summary -output json` against schemas from the test cluster. Wall and CPU time and peak RSS of the whole process from /usr/bin/time.',
    growth: {
      objects: `${first.objects} → ${last.objects} (${((last.objects as number) / (first.objects as number)).toFixed(1)}×)`,
      slipwayWall: `${slip[0]!.wallMs} → ${slip[slip.length - 1]!.wallMs} ms (${(slip[slip.length - 1]!.wallMs / slip[0]!.wallMs).toFixed(1)}×)`,
      slipwayCpu: `${slip[0]!.cpuMs} → ${slip[slip.length - 1]!.cpuMs} ms (${(slip[slip.length - 1]!.cpuMs / slip[0]!.cpuMs).toFixed(1)}×)`,
    },
    rows,
  };
}
