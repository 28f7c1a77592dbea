/**
 * Cold start (issue 15 item 2): `slipway --version` and `slipway validate` of a 10-service stack next to helm's
 * start-up (`helm version`) and `helm template` of the 10-service stack's emitted chart. Aim: ≤ 1.5× helm's.
 */
import { join } from 'node:path';
import { emitChart, measureRuns, ratios, SLIPWAY, type Measure } from './measure.js';
import { writeStack } from './stack-generator.js';

export function coldStartBench(work: string, runs: number, helm: string | undefined): Record<string, unknown> {
  const file = writeStack(work, 10);
  const node = measureRuns(runs, process.execPath, ['-e', '0']);
  const version = measureRuns(runs, process.execPath, [SLIPWAY, '--version']);
  const validate = measureRuns(runs, process.execPath, [SLIPWAY, 'validate', file]);
  const out: Record<string, unknown> = { nodeEmptyScript: node, slipwayVersion: version, slipwayValidateSmall: validate };
  if (helm) {
    const helmVersion = measureRuns(runs, helm, ['version', '--short']);
    const chart = emitChart(file, join(work, 'chart-cold'));
    const helmTemplate = measureRuns(runs, helm, ['template', 'bench', chart, '--namespace', 'bench-dev', '-f', join(chart, 'values-dev.yaml')]);
    const over = (m: Measure) => ratios(m, helmVersion);
    Object.assign(out, {
      helmVersion,
      helmTemplateSmall: helmTemplate,
      // The aim reads slipway / helm (≤ 1.5): here above 1 means slipway is slower.
      slipwayOverHelmVersion: { version: over(version), validate: over(validate), nodeEmptyScript: over(node) },
      slipwayValidateOverHelmTemplate: ratios(validate, helmTemplate),
    });
  }
  process.stdout.write(`cold-start ${JSON.stringify(out)}\n`);
  return out;
}
