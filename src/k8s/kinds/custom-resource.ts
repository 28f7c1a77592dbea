/**
 * Readiness of a custom resource from its status, after the kstatus conventions (sigs.k8s.io/cli-utils
 * pkg/kstatus, "Status conditions" in its README) that Argo CD, Flux and kpt also read:
 *  - status.observedGeneration below metadata.generation: the controller has not seen the latest spec yet;
 *  - Stalled=True or Failed=True: failed for good, with the condition's message;
 *  - Reconciling=True: still working;
 *  - Ready or Available (the first present): True is ready, anything else is waiting with its message.
 * Conditions that carry their own observedGeneration (metav1.Condition) count only once they describe the
 * current generation. One deliberate difference: a resource that has no status at all is waited for, not
 * taken as current. slipway applies custom resources as a component's workload only for operators (a
 * CloudNativePG Cluster), and until the operator writes a status nothing says the database exists.
 */
import type { K8sObject } from '../object.js';
import { failed, findCondition, ready, unobserved, waiting, type Condition, type Readiness } from '../readiness.js';

interface CrCondition extends Condition {
  observedGeneration?: number;
}

interface CrStatus {
  observedGeneration?: number;
  conditions?: CrCondition[];
  phase?: string;
}

interface CustomResource {
  metadata: { generation?: number };
  spec?: { replicas?: number; instances?: number };
  status?: CrStatus & { readyReplicas?: number; readyInstances?: number };
}

const text = (c: CrCondition) => `${c.type}${c.reason ? ` (${c.reason})` : ''}${c.message ? `: ${c.message}` : ''}`;

export function customResourceReadiness(live: K8sObject): Readiness {
  const cr = live as unknown as CustomResource;
  const generation = cr.metadata.generation ?? 0;
  const s = cr.status;
  if (!s || !Object.keys(s).length) return waiting(`no status reported yet (is the ${live.apiVersion.split('/')[0]} operator running?)`);
  if (s.observedGeneration !== undefined && s.observedGeneration < generation) return unobserved(live.kind.toLowerCase(), generation, s.observedGeneration);
  // A condition written for an older generation says nothing about the current spec.
  const current = (s.conditions ?? []).filter((c) => c.observedGeneration === undefined || c.observedGeneration >= generation);
  const stalled = ['Stalled', 'Failed'].map((t) => findCondition(current, t)).find((c) => c?.status === 'True');
  if (stalled) return failed(text(stalled));
  const reconciling = findCondition(current, 'Reconciling');
  if (reconciling?.status === 'True') return waiting(text(reconciling));
  const readyCondition = findCondition(current, 'Ready') ?? findCondition(current, 'Available');
  if (readyCondition) return readyCondition.status === 'True' ? ready(text(readyCondition)) : waiting(text(readyCondition));
  // The condition exists but for an older generation: the controller has yet to report on this one.
  const stale = (findCondition(s.conditions, 'Ready') ?? findCondition(s.conditions, 'Available')) as CrCondition | undefined;
  if (stale) return unobserved(live.kind.toLowerCase(), generation, stale.observedGeneration);
  return ready(s.phase ? `phase ${s.phase}` : 'status reported, no Ready condition');
}

/**
 * desired/ready for `status`: the replica count operators write in the usual fields (replicas/readyReplicas,
 * CloudNativePG's instances/readyInstances), else one object that is ready or not.
 */
export function customResourceCounts(live: K8sObject): { desired: number; ready: number } {
  const cr = live as unknown as CustomResource;
  const desired = cr.spec?.replicas ?? cr.spec?.instances;
  const readyCount = cr.status?.readyReplicas ?? cr.status?.readyInstances;
  if (desired !== undefined) return { desired, ready: readyCount ?? 0 };
  const r = customResourceReadiness(live);
  return { desired: 1, ready: r.done && r.ok ? 1 : 0 };
}

/** A custom resource's API group: a dotted name outside Kubernetes' own *.k8s.io groups. */
export function isCustomGroup(apiVersion: string): boolean {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return group.includes('.') && !group.endsWith('.k8s.io');
}
