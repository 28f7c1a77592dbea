/** `slipway status`: one row per component — kind, ready/desired, restarts, age, current problem. */
import type { LoadedStack } from '../load/load-stack.js';
import { isCustomGroup, kindInfo, WORKLOAD_KINDS } from '../k8s/kinds/index.js';
import { componentOf, labelSelector, matchLabelsOf } from '../k8s/object.js';
import { ownedObjects } from '../lifecycle/engine.js';
import { statusRows, type ComponentRow } from '../lifecycle/status.js';
import { mapLimit } from '../util/concurrency.js';
import { stackNamespaces } from '../plan/namespace.js';
import { connectTarget, type TargetOptions } from './target.js';

export async function status(loaded: LoadedStack, opts: TargetOptions): Promise<ComponentRow[]> {
  const { rendered, owner, client } = await connectTarget(loaded, opts);
  const { resolved } = rendered;
  const rank = new Map(resolved.order.map((c, i) => [c, i]));
  const rankOf = (o: Parameters<typeof componentOf>[0]) => rank.get(componentOf(o) ?? '') ?? 1e9;
  // Only the workload kinds are listed, with the custom resources the stack renders for a component (an
  // operator's database Cluster): the other owned kinds have no row.
  const custom = new Map(
    rendered.objects.filter((o) => componentOf(o) !== undefined && !kindInfo(o.kind, o.apiVersion) && isCustomGroup(o.apiVersion)).map((o) => [`${o.apiVersion}/${o.kind}`, [o.apiVersion, o.kind] as const]),
  );
  const namespaces = stackNamespaces(rendered.objects, owner);
  const workloads = (await ownedObjects(client, owner, [...WORKLOAD_KINDS, ...custom.values()], namespaces)).sort((a, b) => rankOf(a) - rankOf(b) || a.metadata.name.localeCompare(b.metadata.name));
  const events = (await mapLimit(namespaces, 4, (ns) => client.list('v1', 'Event', ns))).flat();
  const input = await mapLimit(workloads, 8, async (w) => {
    const labels = matchLabelsOf(w);
    const pods = labels ? await client.list('v1', 'Pod', w.metadata.namespace ?? owner.namespace, labelSelector(labels)) : [];
    return { component: componentOf(w) ?? w.metadata.name, workload: w, pods };
  });
  return statusRows(input, events, new Date());
}
