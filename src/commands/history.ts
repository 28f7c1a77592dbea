/** `slipway history`: the revisions recorded in the cluster for one stack and environment. */
import type { LoadedStack } from '../load/load-stack.js';
import { listRevisions, type Revision } from '../lifecycle/history.js';
import { connectTarget, type TargetOptions } from './target.js';

export async function history(loaded: LoadedStack, opts: TargetOptions): Promise<Omit<Revision, 'objects'>[]> {
  const { owner, client } = await connectTarget(loaded, opts);
  const revisions = await listRevisions(client, owner.namespace, owner.stack, owner.environment);
  return revisions.map(({ objects: _objects, ...r }) => r);
}
