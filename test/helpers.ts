/** Shared test helpers: run the built binary, parse inline stacks. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStack } from '../src/load/load-stack.js';
import { validateStack } from '../src/validate/validate.js';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import { SlipwayError } from '../src/diagnostics/errors.js';

/** The binary as installed (package.json bin): the bundle the build writes from dist/src/cli/main.js. */
export const CLI = join(process.cwd(), 'dist/src/bundle/main.mjs');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function slipway(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? process.cwd(), encoding: 'utf8', env: { ...process.env, ...opts.env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'slipway-test-'));
}

/** Write an inline stack into a temp dir and return its path. */
export function stackFile(text: string, name = 'slipway.yaml'): string {
  const file = join(tempDir(), name);
  writeFileSync(file, text);
  return file;
}

/** Diagnostics for inline stack text (load errors included). */
export function diagnose(text: string, environments?: string[]): Diagnostic[] {
  try {
    return validateStack(parseStack(text, 'stack.yaml'), environments ? { environments } : {}).diagnostics;
  } catch (e) {
    if (e instanceof SlipwayError) return e.diagnostics;
    throw e;
  }
}
