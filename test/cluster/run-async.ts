/** Run the built binary in the background, act when its output shows a moment (e.g. "waiting for stuck"), collect the end. */
import { spawn } from 'node:child_process';
import { CLI } from '../helpers.js';

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
  /** When the process ended (ms since the epoch). */
  endedAt: number;
}

/**
 * Start `slipway args`; the first time stdout matches `when`, call `act` once (with the stdout so far).
 * Gives up (SIGKILL) after `limitMs`, so a hang shows up as code null instead of a stuck suite.
 */
export function runUntil(args: string[], when: RegExp, act: (stdout: string) => void, opts: { env?: Record<string, string>; limitMs?: number } = {}): Promise<Finished> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
  let stdout = '';
  let stderr = '';
  let acted = false;
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (!acted && when.test(stdout)) {
      acted = true;
      act(stdout);
    }
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), opts.limitMs ?? 150_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr, endedAt: Date.now() });
    }),
  );
}
