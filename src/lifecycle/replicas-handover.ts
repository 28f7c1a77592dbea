/**
 * Switching a running Deployment to autoscale. Its manifest then has no spec.replicas (generate/workloads/
 * deployment.ts), but slipway's server-side-apply entry still owns the field from earlier applies: applying
 * without it would remove it, and the API server would default the count to 1 until the HPA's next sync — a
 * ten-pod service briefly down to one. Kubernetes' documented handover ("Transferring ownership", server-side
 * apply docs): first apply the live count under a second field manager, so the field keeps an owner when
 * slipway lets go of it; the HPA takes it over on its first scale.
 */
import type { ClusterPort } from '../cluster/port.js';
import { refOf, type K8sObject } from '../k8s/object.js';

/** The field manager that holds spec.replicas between slipway letting go and the HPA's first write. */
export const HANDOVER_MANAGER = 'slipway-handover';

interface ManagedFields {
  manager?: string;
  operation?: string;
  fieldsV1?: { 'f:spec'?: Record<string, unknown> };
}

/** Before applying `desired`: hand the live count over when slipway owns spec.replicas and `desired` drops it. */
export async function handOverReplicas(client: ClusterPort, desired: K8sObject): Promise<void> {
  const spec = (desired as { spec?: Record<string, unknown> }).spec;
  if (desired.kind !== 'Deployment' || !spec || 'replicas' in spec) return;
  const live = await client.get(refOf(desired));
  const fields = (live?.metadata.managedFields ?? []) as ManagedFields[];
  const owned = fields.some((f) => f.manager === 'slipway' && f.operation === 'Apply' && f.fieldsV1?.['f:spec']?.['f:replicas'] !== undefined);
  const replicas = (live as { spec?: { replicas?: number } } | undefined)?.spec?.replicas;
  if (!live || !owned || replicas === undefined) return;
  const { name, namespace } = desired.metadata;
  await client.apply({ apiVersion: desired.apiVersion, kind: desired.kind, metadata: { name, ...(namespace ? { namespace } : {}) }, spec: { replicas } } as K8sObject, false, HANDOVER_MANAGER);
}
