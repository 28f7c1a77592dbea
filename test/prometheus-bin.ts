/** Prometheus and promtool with Kubernetes service discovery, from scripts/prometheus-bin (built once, then cached). */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

let dir: string | undefined;

/** Folder holding `prometheus` and `promtool`. */
export function prometheusBin(): string {
  dir ??= execFileSync(join('scripts', 'prometheus-bin'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 60 * 60_000 }).trim().split('\n').at(-1)!;
  return dir;
}
