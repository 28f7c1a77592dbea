/** Pick how lifecycle progress is shown: live on a terminal, plain lines in pipes and CI, JSON with -o json. */
import type { LiveReporter } from './live-reporter.js';
import { reporter } from './reporter.js';

export async function progress(json: boolean): Promise<LiveReporter> {
  if (!json && process.stdout.isTTY && !process.env.CI) {
    const { liveReporter } = await import('./live-reporter.js');
    return liveReporter();
  }
  return { report: reporter(json), close: () => undefined };
}
