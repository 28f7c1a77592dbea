/** `slipway status`: one row per component — kind, ready/desired, restarts, age, current problem. */
import { labelSelector } from '../cluster/client.js';
import type { LoadedStack } from '../load/load-stack.js';
import { mapLimit, OWNED_KINDS, ownedObjects } from '../lifecycle/engine.js';
import { statusRows, type ComponentRow } from '../lifecycle/status.js';
import { connectTarget, type TargetOptions } from './target.js';

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);
/** Only the workload kinds are listed: the other owned kinds have no row. */
const WORKLOAD_KINDS = OWNED_KINDS.filter(([, kind]) => WORKLOADS.has(kind));

export async function status(loaded: LoadedStack, opts: TargetOptions): Promise<ComponentRow[]> {
  const { rendered, owner, client } = connectTarget(loaded, opts);
  const { resolved } = rendered;
  const rank = new Map(resolved.order.map((c, i) => [c, i]));
  const workloads = (await ownedObjects(client, owner, WORKLOAD_KINDS))
    .sort((a, b) => (rank.get(a.metadata.labels?.['app.kubernetes.io/name'] ?? '') ?? 1e9) - (rank.get(b.metadata.labels?.['app.kubernetes.io/name'] ?? '') ?? 1e9) || a.metadata.name.localeCompare(b.metadata.name));
  const events = await client.list('v1', 'Event', owner.namespace);
  const input = await mapLimit(workloads, 8, async (w) => {
    const labels = (w as { spec?: { selector?: { matchLabels?: Record<string, string> } } }).spec?.selector?.matchLabels;
    const selector = labels ? labelSelector(labels) : undefined;
    const pods = selector ? await client.list('v1', 'Pod', owner.namespace, selector) : [];
    return { component: w.metadata.labels?.['app.kubernetes.io/name'] ?? w.metadata.name, workload: w, pods };
  });
  return statusRows(input, events, new Date());
}
