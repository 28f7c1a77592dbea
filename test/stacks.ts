/** The stacks every golden and cluster test covers: each example, and the fixtures. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pickEnvironment } from '../src/commands/environment.js';
import type { LoadedStack } from '../src/load/load-stack.js';
import type { ResolvedStack } from '../src/model/resolved.js';
import { validateStack } from '../src/validate/validate.js';

export const STACKS = [
  ...readdirSync('examples', { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => ({ name: d.name, file: join('examples', d.name, 'slipway.yaml') })),
  { name: 'fixture-basic', file: 'test/fixtures/basic.yaml' },
];

/** The resolved stack of one environment (the only one when not given), as render would generate it. */
export function resolvedOf(loaded: LoadedStack, environment?: string): ResolvedStack {
  const env = pickEnvironment(loaded.data, environment);
  const validation = validateStack(loaded, { environments: [env] });
  const stack = validation.resolved?.get(env);
  if (!stack) throw new Error(`${loaded.source.file} / ${env} does not resolve:\n${validation.diagnostics.map((d) => d.message).join('\n')}`);
  return stack;
}
