/** The stacks every golden and cluster test covers: each example, and the fixtures. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export const STACKS = [
  ...readdirSync('examples', { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => ({ name: d.name, file: join('examples', d.name, 'slipway.yaml') })),
  { name: 'fixture-basic', file: 'test/fixtures/basic.yaml' },
];
