/**
 * Shared by the benchmarks: whole-process runs under /usr/bin/time, medians, ratios, the machine they ran on,
 * helper processes that must succeed, and the Helm chart slipway emits for a stack (helm's side of a comparison).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Measure {
  wallMs: number;
  cpuMs: number;
  peakRssMiB: number;
}

export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** `peer / slipway`, rounded: above 1 means slipway is faster. */
export const ratio = (peer: number, slipway: number): number => Number((peer / slipway).toFixed(2));

/** {@link ratio} of wall and of CPU time. */
export const ratios = (peer: Measure, slipway: Measure): { wall: number; cpu: number } => ({ wall: ratio(peer.wallMs, slipway.wallMs), cpu: ratio(peer.cpuMs, slipway.cpuMs) });

/** GNU time, for the child's own wall and CPU time and peak RSS (Debian package `time`; .ci/run installs it). */
const TIME = '/usr/bin/time';

/** One whole-process run (start-up and output included, stdout discarded); exit codes in `ok` count as success. */
export function measure(cmd: string, args: readonly string[], ok: readonly number[] = [0], timeoutS?: number): Measure | undefined {
  const out = join(tmpdir(), `slipway-bench-time-${process.pid}`);
  const argv = ['-o', out, '-f', '%e %U %S %M', ...(timeoutS ? ['timeout', String(timeoutS), cmd] : [cmd]), ...args];
  const r = spawnSync(TIME, argv, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.error) throw new Error(`${TIME} could not run (${r.error.message}): every figure is measured under it; install GNU time (Debian package \`time\`)`);
  if (timeoutS && r.status === 124) return undefined;
  if (!ok.includes(r.status ?? -1)) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  const [wall, user, sys, rssKiB] = readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number) as [number, number, number, number];
  return { wallMs: Math.round(wall * 1000), cpuMs: Math.round((user + sys) * 1000), peakRssMiB: Math.round(rssKiB / 1024) };
}

/** Median wall and CPU of `runs` runs, the highest peak RSS. */
export function measureRuns(runs: number, cmd: string, args: readonly string[], ok: readonly number[] = [0]): Measure {
  const all = Array.from({ length: runs }, () => measure(cmd, args, ok)!);
  return { wallMs: median(all.map((m) => m.wallMs)), cpuMs: median(all.map((m) => m.cpuMs)), peakRssMiB: Math.max(...all.map((m) => m.peakRssMiB)) };
}

/** A helper process (setup, not a measurement) that must succeed; its stdout. */
export function sh(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status ?? r.signal ?? r.error?.message}: ${(r.stderr ?? '').slice(-3000)}`);
  return r.stdout;
}

/**
 * The Helm chart `slipway render --format helm` emits for a stack's dev environment, written to `out` (helm's
 * side of every comparison: the same objects, templated or installed as a user of that chart would).
 */
export function emitChart(file: string, out: string, extra: readonly string[] = []): string {
  sh(process.execPath, [SLIPWAY, 'render', file, '-e', 'dev', '--format', 'helm', '--out', out, ...extra]);
  return out;
}

/** A peer tool from scripts/testbin (SLIPWAY_TESTBIN, as run-tests sets it) or PATH, when it runs. */
export function findTool(name: string, args: string[]): string | undefined {
  const dirs = [process.env.SLIPWAY_TESTBIN ?? '', testbinDir() ?? ''].filter(Boolean);
  return [...dirs.map((d) => join(d, name)), name].find((c) => spawnSync(c, args, { encoding: 'utf8' }).status === 0);
}

let testbin: string | undefined | null = null;
/** The test binaries' folder, when scripts/testbin has built them (it prints the folder on its last line). */
export function testbinDir(): string | undefined {
  if (testbin === null) {
    const r = spawnSync('bash', ['scripts/testbin'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    testbin = r.status === 0 ? r.stdout.trim().split('\n').pop() : undefined;
  }
  return testbin;
}

export function versionOf(cmd: string | undefined, args: string[]): string {
  return cmd ? spawnSync(cmd, args, { encoding: 'utf8' }).stdout.trim() : 'not available';
}

export const machine = () => ({
  date: new Date().toISOString().slice(0, 10),
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
});

/** The binary as installed: package.json's bin, the bundle the build writes. */
export const SLIPWAY = 'dist/src/bundle/main.mjs';
