/**
 * Kubernetes objects as plain data, and the small pure helpers every stage needs to name, select and group
 * them. Facts about Kubernetes only; slipway's own label contract lives in model/ownership.ts.
 */

/** A Kubernetes object as plain data. Generators build these; emitters and the cluster client consume them. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export function refOf(o: K8sObject | ObjectRef): ObjectRef {
  return 'metadata' in o ? { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}) } : o;
}

/** `Kind/namespace/name`: unique within a cluster for the kinds slipway handles (no two groups share a kind name). */
export function refKey(r: ObjectRef | K8sObject): string {
  const ref = refOf(r);
  return `${ref.kind}/${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

/** Labels as a label-selector query (`a=b,c=d`). */
export function labelSelector(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** Whether an equality selector (matchLabels) selects an object. */
export function selects(selector: Readonly<Record<string, string>>, o: K8sObject): boolean {
  const labels = o.metadata.labels ?? {};
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** A workload's pod selector (`spec.selector.matchLabels`), when it has one. */
export function matchLabelsOf(o: K8sObject): Record<string, string> | undefined {
  return (o as { spec?: { selector?: { matchLabels?: Record<string, string> } } }).spec?.selector?.matchLabels;
}

/** The recommended label naming the component an object belongs to. */
export const NAME_LABEL = 'app.kubernetes.io/name';

/** The component an object belongs to (its `app.kubernetes.io/name`), or undefined for shared objects. */
export function componentOf(o: K8sObject): string | undefined {
  return o.metadata.labels?.[NAME_LABEL];
}
