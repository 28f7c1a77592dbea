/** Pick how lifecycle progress is shown: live on a terminal, plain lines in pipes and CI, JSON with -o json. */
import type { LiveReporter } from './live-reporter.js';
import { reporter } from './reporter.js';

/** Runs fanned out over several clusters (`cluster` set) interleave, so they get plain lines tagged by cluster. */
export async function progress(json: boolean, cluster?: string): Promise<LiveReporter> {
  if (cluster !== undefined) return { report: reporter(json, undefined, cluster), close: () => undefined };
  if (!json && process.stdout.isTTY && !process.env.CI) {
    const { liveReporter } = await import('./live-reporter.js');
    return liveReporter();
  }
  return { report: reporter(json), close: () => undefined };
}
