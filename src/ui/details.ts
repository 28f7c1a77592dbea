/**
 * The side panel's data for one component: its rendered objects (and whether each exists), and the recent
 * events about them and their pods. Reads the cluster once per click; the graph's colours come from the watch.
 */
import type { ClusterPort } from '../cluster/port.js';
import { subject, text, when, type Event } from '../k8s/explain.js';
import { componentOf, refOf, type K8sObject } from '../k8s/object.js';
import { mapLimit } from '../util/concurrency.js';
import type { ComponentDetails, EventView } from './protocol.js';

/** Events shown per component: the newest, enough to see what happened during the last rollout. */
const MAX_EVENTS = 30;

/** The newest events about `names` (objects and pods of the component), newest first. Pure. */
export function eventsAbout(events: readonly K8sObject[], names: ReadonlySet<string>): EventView[] {
  // Read as explain() reads them: either Events API (involvedObject/regarding, message/note, the series' last time).
  return (events as readonly unknown[] as readonly (Event & { count?: number; series?: { count?: number } })[])
    .filter((e) => names.has(subject(e).name ?? ''))
    .map((e) => ({
      type: e.type ?? '',
      reason: e.reason ?? '',
      object: `${subject(e).kind ?? ''}/${subject(e).name ?? ''}`,
      message: text(e),
      count: e.count ?? e.series?.count ?? 1,
      last: when(e),
    }))
    .sort((a, b) => b.last.localeCompare(a.last) || a.object.localeCompare(b.object))
    .slice(0, MAX_EVENTS);
}

export async function componentDetails(name: string, members: readonly string[], rendered: readonly K8sObject[], namespace: string, client: ClusterPort | undefined): Promise<ComponentDetails> {
  const mine = new Set(members);
  const objects = rendered.filter((o) => mine.has(componentOf(o) ?? ''));
  if (!client) return { name, objects: objects.map((o) => ({ kind: o.kind, name: o.metadata.name })), events: [] };
  const live = await mapLimit(objects, 8, async (o) => (await client.get(refOf(o))) !== undefined);
  const pods = (await client.list('v1', 'Pod', namespace)).filter((p) => mine.has(componentOf(p) ?? ''));
  const names = new Set([...objects, ...pods].map((o) => o.metadata.name));
  return {
    name,
    objects: objects.map((o, i) => ({ kind: o.kind, name: o.metadata.name, live: live[i]! })),
    events: eventsAbout(await client.list('v1', 'Event', namespace), names),
  };
}
