/** `slipway status`: one row per component — kind, ready/desired, restarts, age, current problem. */
import { ClusterClient } from '../cluster/client.js';
import type { LoadedStack } from '../load/load-stack.js';
import { mapLimit, ownedObjects } from '../lifecycle/engine.js';
import { statusRows, type ComponentRow } from '../lifecycle/status.js';
import { renderStack } from './render.js';

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);

export async function status(loaded: LoadedStack, opts: { environment?: string; context?: string; namespace?: string }): Promise<ComponentRow[]> {
  const { resolved } = renderStack(loaded, { ...(opts.environment ? { environment: opts.environment } : {}), ...(opts.namespace ? { namespace: opts.namespace } : {}) });
  const client = ClusterClient.connect(opts.context ?? resolved.context);
  const owner = { stack: resolved.name, environment: resolved.environment, namespace: resolved.namespace };
  const rank = new Map(resolved.order.map((c, i) => [c, i]));
  const workloads = (await ownedObjects(client, owner))
    .filter((o) => WORKLOADS.has(o.kind))
    .sort((a, b) => (rank.get(a.metadata.labels?.['app.kubernetes.io/name'] ?? '') ?? 1e9) - (rank.get(b.metadata.labels?.['app.kubernetes.io/name'] ?? '') ?? 1e9) || a.metadata.name.localeCompare(b.metadata.name));
  const events = await client.list('v1', 'Event', owner.namespace);
  const input = await mapLimit(workloads, 8, async (w) => {
    const labels = (w as { spec?: { selector?: { matchLabels?: Record<string, string> } } }).spec?.selector?.matchLabels;
    const selector = labels ? Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',') : undefined;
    const pods = selector ? await client.list('v1', 'Pod', owner.namespace, selector) : [];
    return { component: w.metadata.labels?.['app.kubernetes.io/name'] ?? w.metadata.name, workload: w, pods };
  });
  return statusRows(input, events, new Date());
}
