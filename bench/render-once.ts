/** Child process of the benchmark: render one stack file for every environment given, report time and peak RSS. */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseStack } from '../src/load/load-stack.js';
import { renderStack } from '../src/commands/render.js';

const [file, ...envs] = process.argv.slice(2);
const start = performance.now();
let objects = 0;
let bytes = 0;
const text = readFileSync(file!, 'utf8');
for (const env of envs) {
  // Each environment goes through the whole pipeline, as `slipway render -e <env>` would.
  const result = renderStack(parseStack(text, file!), { environment: env });
  objects += result.objects.length;
  bytes += result.text.length;
}
const ms = performance.now() - start;
process.stdout.write(JSON.stringify({ ms, objects, bytes, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
