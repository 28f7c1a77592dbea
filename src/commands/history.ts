/** `slipway history`: the revisions recorded in the cluster for one stack and environment. */
import { ClusterClient } from '../cluster/client.js';
import type { LoadedStack } from '../load/load-stack.js';
import { listRevisions, type Revision } from '../lifecycle/history.js';
import { renderStack } from './render.js';

export async function history(loaded: LoadedStack, opts: { environment?: string; context?: string; namespace?: string }): Promise<Omit<Revision, 'objects'>[]> {
  const { resolved } = renderStack(loaded, { ...(opts.environment ? { environment: opts.environment } : {}), ...(opts.namespace ? { namespace: opts.namespace } : {}) });
  const client = ClusterClient.connect(opts.context ?? resolved.context);
  const revisions = await listRevisions(client, resolved.namespace, resolved.name, resolved.environment);
  return revisions.map(({ objects: _objects, ...r }) => r);
}
