/**
 * `slipway history`: the revisions recorded in the cluster for one stack and environment. Records that cannot
 * be used (unreadable, malformed, or — when the project key is at hand — not signed with it) are listed with
 * status "rejected" and the reason, so one bad record never hides the others.
 */
import type { LoadedStack } from '../load/load-stack.js';
import { historyRows, listRevisions, type HistoryRow } from '../lifecycle/history.js';
import { existingSecretKey } from './read-plan.js';
import { connectTarget, type TargetOptions } from './target.js';

export async function history(loaded: LoadedStack, opts: TargetOptions & { secretKey?: Uint8Array }): Promise<HistoryRow[]> {
  const { owner, client } = await connectTarget(loaded, opts);
  const key = opts.secretKey ?? existingSecretKey(loaded.source.file);
  const h = await listRevisions(client, owner.namespace, owner.stack, owner.environment, key);
  return historyRows(h, owner.stack, owner.environment);
}
