/**
 * Topology changes `up` refuses, the cluster half: read what runs each guarded internal instance now — this stack's
 * StatefulSet of that name, or its CloudNativePG Cluster — through the ClusterPort. Reads only.
 */
import type { ClusterPort } from '../cluster/port.js';
import { CNPG_API } from '../catalog/postgresql-cnpg.js';
import { componentOf, selects, type K8sObject } from '../k8s/object.js';
import type { ResolvedInfra } from '../model/resolved.js';
import { ownerLabels, type Owner } from '../model/ownership.js';
import { GUARDED_TYPES, type LiveShape } from '../plan/topology.js';
import { mapLimit } from '../util/concurrency.js';

const count = (o: K8sObject, field: string): number => {
  const v = (o as { spec?: Record<string, unknown> }).spec?.[field];
  return typeof v === 'number' ? v : 1;
};

/** The live shape of every guarded internal instance that exists in the namespace and belongs to this stack. */
export async function liveTopology(client: ClusterPort, owner: Owner, infra: readonly ResolvedInfra[]): Promise<Map<string, LiveShape>> {
  const guarded = infra.filter((i) => i.mode === 'internal' && GUARDED_TYPES.includes(i.type));
  const out = new Map<string, LiveShape>();
  if (!guarded.length) return out;
  const ours = (o: K8sObject | undefined, name: string): o is K8sObject => o !== undefined && componentOf(o) === name && selects(ownerLabels(owner), o);
  const cnpg = guarded.some((i) => i.type === 'postgresql') && (await client.serves(CNPG_API, 'Cluster'));
  await mapLimit(guarded, 8, async (i) => {
    const sts = await client.get({ apiVersion: 'apps/v1', kind: 'StatefulSet', namespace: owner.namespace, name: i.name });
    if (ours(sts, i.name)) return void out.set(i.name, { kind: 'StatefulSet', replicas: count(sts, 'replicas') });
    if (i.type !== 'postgresql' || !cnpg) return;
    const cluster = await client.get({ apiVersion: CNPG_API, kind: 'Cluster', namespace: owner.namespace, name: i.name });
    if (ours(cluster, i.name)) out.set(i.name, { kind: 'Cluster', replicas: count(cluster, 'instances') });
  });
  return out;
}
