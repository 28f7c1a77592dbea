/** `slipway diff`: what `up` would change, per object, against the live cluster (server-side dry run). */
import { refKey, refOf } from '../k8s/object.js';
import type { LoadedStack } from '../load/load-stack.js';
import { withAppliedHash } from '../lifecycle/engine.js';
import { mapLimit } from '../util/concurrency.js';
import { diffObject, type ObjectDiff } from '../lifecycle/diff.js';
import { namespaceObject, previewPlan } from './read-plan.js';
import type { TargetOptions } from './target.js';

export async function diff(loaded: LoadedStack, opts: TargetOptions & { secretKey?: Uint8Array; adoptNamespace?: boolean }): Promise<ObjectDiff[]> {
  const { rendered, owner, client, namespace: ns, plan } = await previewPlan(loaded, opts);
  // A namespace slipway does not own is used as it is, so its labels are not a pending change.
  const objects = rendered.objects.flatMap((o) =>
    o.kind !== 'Namespace' ? [withAppliedHash(o)] : o.metadata.name !== owner.namespace ? [namespaceObject(rendered.objects, owner, o.metadata.name)!] : ns.action === 'use' ? [] : [namespaceObject(rendered.objects, owner)!],
  );
  const diffs = await mapLimit(objects, 16, async (o) => {
    const name = refKey(refOf(o));
    const live = ns.exists || o.kind === 'Namespace' ? await client.get(refOf(o)) : undefined;
    // A dry run needs the namespace; when it does not exist yet, everything in it is new anyway.
    const wouldBe = live ? await client.apply(o, true) : o;
    return diffObject(name, live, wouldBe);
  });
  return [...diffs.filter((d): d is ObjectDiff => d !== undefined), ...plan.prune.map((o) => diffObject(refKey(refOf(o)), o, undefined)!)];
}
