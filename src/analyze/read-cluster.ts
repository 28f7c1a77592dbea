/** The objects `analyze --cluster` reads from a live cluster: workloads, their Services, ConfigMaps and Ingresses. */
import type { ClusterPort } from '../cluster/port.js';
import type { K8sObject } from '../k8s/object.js';

const KINDS: readonly [string, string][] = [
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'StatefulSet'],
  ['apps/v1', 'DaemonSet'],
  ['apps/v1', 'ReplicaSet'],
  ['batch/v1', 'Job'],
  ['batch/v1', 'CronJob'],
  ['v1', 'Pod'],
  ['v1', 'Service'],
  ['v1', 'ConfigMap'],
  ['networking.k8s.io/v1', 'Ingress'],
];

/** Every object analyze reads in these namespaces (all namespaces when none is given). */
export async function readCluster(client: ClusterPort, namespaces: readonly string[]): Promise<K8sObject[]> {
  const scopes = namespaces.length ? namespaces : [undefined];
  const lists = await Promise.all(scopes.flatMap((ns) => KINDS.map(([apiVersion, kind]) => client.list(apiVersion, kind, ns))));
  // List items carry no kind; give each its own so the analysis reads them like manifests.
  return lists.flatMap((items, i) => items.map((o) => ({ ...o, apiVersion: KINDS[i % KINDS.length]![0], kind: KINDS[i % KINDS.length]![1] })));
}
