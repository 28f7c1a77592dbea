/** The objects `analyze --cluster` reads from a live cluster: workloads, their Services, ConfigMaps and Ingresses. */
import type { ClusterPort } from '../cluster/port.js';
import type { K8sObject } from '../k8s/object.js';
import { OCCUPANT_KINDS } from '../plan/namespace.js';
import { mapLimit } from '../util/concurrency.js';
import { OPERATOR_KINDS } from '../k8s/operators.js';

/**
 * The kinds that live in a namespace (the list `down --purge` checks), less those that name no dependency:
 * Secrets (analyze never reads a secret value), claims and ServiceAccounts.
 */
const SKIPPED = new Set(['Secret', 'PersistentVolumeClaim', 'ServiceAccount']);
const KINDS = OCCUPANT_KINDS.filter(([, kind]) => !SKIPPED.has(kind));

/**
 * Every object analyze reads in these namespaces (all namespaces when none is given); `kinds` for a reader
 * that needs others (lint reads budgets, autoscalers and policies too).
 */
export async function readCluster(client: ClusterPort, namespaces: readonly string[], kinds: readonly (readonly [string, string])[] = KINDS): Promise<K8sObject[]> {
  const scopes = namespaces.length ? namespaces : [undefined];
  // Operators' resources (a CloudNativePG Cluster names the Services its operator makes), where the cluster has them.
  const operated = kinds === KINDS ? (await mapLimit(OPERATOR_KINDS, 4, async (k) => ((await client.serves(k[0], k[1])) ? [k] : []))).flat() : [];
  kinds = [...kinds, ...operated];
  const lists = await mapLimit(
    scopes.flatMap((ns) => kinds.map(([apiVersion, kind]) => ({ ns, apiVersion, kind }))),
    8,
    // List items carry no kind; give each its own so the analysis reads them like manifests.
    async ({ ns, apiVersion, kind }) => (await client.list(apiVersion, kind, ns)).map((o) => ({ ...o, apiVersion, kind })),
  );
  return lists.flat();
}
