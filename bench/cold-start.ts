/**
 * Cold start (issue 15 item 2): `slipway --version` and `slipway validate` of a 10-service stack next to helm's
 * start-up (`helm version`) and `helm template` of the 10-service stack's emitted chart. Aim: ≤ 1.5× helm's.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { measureRuns, ratio, SLIPWAY, type Measure } from './measure.js';
import { writeStack } from './stack-generator.js';

export function coldStartBench(work: string, runs: number, helm: string | undefined): Record<string, unknown> {
  const file = writeStack(work, 10);
  const node = measureRuns(runs, process.execPath, ['-e', '0']);
  const version = measureRuns(runs, process.execPath, [SLIPWAY, '--version']);
  const validate = measureRuns(runs, process.execPath, [SLIPWAY, 'validate', file]);
  const out: Record<string, unknown> = { nodeEmptyScript: node, slipwayVersion: version, slipwayValidateSmall: validate };
  if (helm) {
    const helmVersion = measureRuns(runs, helm, ['version', '--short']);
    const chart = join(work, 'chart-cold');
    const r = spawnSync(process.execPath, [SLIPWAY, 'render', file, '-e', 'dev', '--format', 'helm', '--out', chart], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`render --format helm failed: ${r.stderr}`);
    const helmTemplate = measureRuns(runs, helm, ['template', 'bench', chart, '--namespace', 'bench-dev', '-f', join(chart, 'values-dev.yaml')]);
    const over = (m: Measure) => ({ wall: ratio(m.wallMs, helmVersion.wallMs), cpu: ratio(m.cpuMs, helmVersion.cpuMs) });
    Object.assign(out, {
      helmVersion,
      helmTemplateSmall: helmTemplate,
      // The aim reads slipway / helm (≤ 1.5): here above 1 means slipway is slower.
      slipwayOverHelmVersion: { version: over(version), validate: over(validate), nodeEmptyScript: over(node) },
      slipwayValidateOverHelmTemplate: { wall: ratio(validate.wallMs, helmTemplate.wallMs), cpu: ratio(validate.cpuMs, helmTemplate.cpuMs) },
    });
  }
  process.stdout.write(`cold-start ${JSON.stringify(out)}\n`);
  return out;
}
