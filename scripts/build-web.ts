/**
 * Bundles the `slipway ui` page (web/) into dist/web with esbuild: one script and one stylesheet, every library
 * inside, so the page needs nothing from the internet. Type checking is tsc's (web/tsconfig.json); esbuild only
 * strips types and bundles.
 */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
mkdirSync(`${root}dist/web`, { recursive: true });
await build({
  entryPoints: [`${root}web/main.ts`],
  outfile: `${root}dist/web/app.js`,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome110', 'firefox115', 'safari16'],
  minify: true,
  legalComments: 'linked',
  logLevel: 'warning',
});
copyFileSync(`${root}web/app.css`, `${root}dist/web/app.css`);
