/** `slipway diff`: what `up` would change, per object, against the live cluster (server-side dry run). */
import { refKey, refOf } from '../k8s/object.js';
import type { LoadedStack } from '../load/load-stack.js';
import { ownedObjects, withAppliedHash } from '../lifecycle/engine.js';
import { mapLimit } from '../util/concurrency.js';
import { diffObject, type ObjectDiff } from '../lifecycle/diff.js';
import { connectTarget, type TargetOptions } from './target.js';

export async function diff(loaded: LoadedStack, opts: TargetOptions): Promise<ObjectDiff[]> {
  const { rendered, owner, client } = await connectTarget(loaded, opts);
  const { resolved, objects } = rendered;
  const nsExists = !!(await client.get({ apiVersion: 'v1', kind: 'Namespace', name: resolved.namespace }));
  const diffs = await mapLimit(objects, 16, async (o) => {
    const name = refKey(refOf(o));
    const live = nsExists || o.kind === 'Namespace' ? await client.get(refOf(o)) : undefined;
    // A dry run needs the namespace; when it does not exist yet, everything in it is new anyway.
    const wouldBe = live ? await client.apply(withAppliedHash(o), true) : o;
    return diffObject(name, live, wouldBe);
  });
  const desired = new Set(objects.map((o) => refKey(refOf(o))));
  const pruned = nsExists ? (await ownedObjects(client, owner)).filter((o) => !desired.has(refKey(refOf(o)))) : [];
  return [...diffs.filter((d): d is ObjectDiff => d !== undefined), ...pruned.map((o) => diffObject(refKey(refOf(o)), o, undefined)!)];
}
