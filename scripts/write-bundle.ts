/**
 * Part of `npm run build`: the binary as a bundle (dist/src/bundle/main.mjs). Node's ESM loader resolves, reads
 * and compiles each of the ~250 modules a render loads one by one; one file of what every command needs, plus a
 * chunk per lazily imported command or library, cut that start-up (`validate` of a small stack: 1,271 M → ~1,000 M
 * instructions). Code splitting keeps every `import()` lazy. ajv and the graph renderer stay in node_modules: they
 * load only when a command needs them. The Kubernetes client is bundled into the lazy chunk of the cluster client:
 * loaded from node_modules it resolves and links ~900 files, about 1 s of CPU before a cluster command's first
 * request (no-op `up` of 85 services: 2.7 → 1.45 s of CPU).
 */
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry a content hash: clear the last build's, so no stale chunk ships.
rmSync('dist/src/bundle', { recursive: true, force: true });

await build({
  entryPoints: ['dist/src/cli/main.js'],
  outdir: 'dist/src/bundle',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['ajv', '@viz-js/viz'],
  // Bundled CommonJS dependencies (js-yaml's, commander's) call require; ESM has none of its own.
  banner: { js: "import { createRequire as __slipwayRequire } from 'node:module'; const require = __slipwayRequire(import.meta.url);" },
  logLevel: 'warning',
});
