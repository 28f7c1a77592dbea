/**
 * Components recovered from Kubernetes objects someone else wrote: each workload (or group of workloads sharing
 * an `app.kubernetes.io/name`, such as a server and its setup Job) becomes one node, with the pod templates its
 * references are read from. Nothing here knows slipway's own conventions beyond the recommended labels and the
 * tenant/shard labels, so the same code reads a Helm release, a hand-written folder or a live namespace.
 */
import { componentOf, type K8sObject } from '../k8s/object.js';
import { podTemplateOf as templateOf } from '../k8s/pod-template.js';
import type { GraphNode, NodeKind } from '../model/graph.js';
import { recognizeImage } from './recognize.js';
import type { Catalog } from '../catalog/catalog.js';
import { builtinCatalog } from '../catalog/builtin.js';

export interface PodTemplate {
  metadata?: { labels?: Record<string, string> };
  spec?: { containers?: Container[]; initContainers?: Container[]; volumes?: { configMap?: { name?: string }; projected?: { sources?: { configMap?: { name?: string } }[] } }[] };
}

export interface Container {
  name?: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: { configMapKeyRef?: { name?: string; key?: string } } }[];
  envFrom?: { configMapRef?: { name?: string } }[];
}

export interface FoundComponent {
  node: GraphNode;
  namespace: string;
  /** The pod templates of its workloads (a CronJob's job template included). */
  pods: PodTemplate[];
  /** Its workload objects, by name (Job references name these). */
  workloads: K8sObject[];
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet', 'Pod']);
const LONG_RUNNING = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod']);
const TENANT_LABEL = 'slipway.dev/tenant';
const SHARD_LABEL = 'slipway.dev/shard';

/** The pod template of a workload object, typed for what analyze reads of it. */
export function podTemplateOf(o: K8sObject): PodTemplate | undefined {
  return templateOf(o) as PodTemplate | undefined;
}

/** Workloads a controller made (a Deployment's ReplicaSets, a CronJob's Jobs, any controller's Pods) are read through their owner. */
function ownedByController(o: K8sObject): boolean {
  const refs = (o.metadata as { ownerReferences?: { controller?: boolean }[] }).ownerReferences ?? [];
  return refs.some((r) => r.controller);
}

function kindOf(workloads: K8sObject[], servedBy: (pods: PodTemplate) => boolean, pods: PodTemplate[], catalog: Catalog): { kind: NodeKind; type?: string } {
  const main = workloads.find((w) => LONG_RUNNING.has(w.kind)) ?? workloads[0]!;
  if (main.kind === 'DaemonSet') return { kind: 'agent' };
  if (main.kind === 'CronJob') return { kind: 'cron' };
  if (main.kind === 'Job') return { kind: 'job' };
  const image = podTemplateOf(main)?.spec?.containers?.[0]?.image;
  const known = image ? recognizeImage(image, catalog) : undefined;
  if (known) return { kind: 'infra', type: known.family };
  return { kind: pods.some(servedBy) ? 'service' : 'worker' };
}

/**
 * One component per name label and namespace; when several long-running workloads share a name label (a chart
 * that labels everything with its own name), each is its own component under its object name instead.
 */
export function findComponents(objects: readonly K8sObject[], isServed: (namespace: string, pod: PodTemplate) => boolean, catalog: Catalog = builtinCatalog): FoundComponent[] {
  const workloads = objects.filter((o) => WORKLOAD_KINDS.has(o.kind) && !ownedByController(o));
  const groups = new Map<string, K8sObject[]>();
  for (const w of workloads) {
    const key = `${w.metadata.namespace ?? ''}\0${componentOf(w) ?? w.metadata.labels?.app ?? w.metadata.name}`;
    groups.set(key, [...(groups.get(key) ?? []), w]);
  }
  const split: [string, string, K8sObject[]][] = [];
  for (const [key, ws] of groups) {
    const [namespace, name] = key.split('\0') as [string, string];
    if (ws.filter((w) => LONG_RUNNING.has(w.kind)).length > 1) for (const w of ws) split.push([namespace, w.metadata.name, [w]]);
    else split.push([namespace, name, ws]);
  }
  const names = new Map<string, number>();
  for (const [, name] of split) names.set(name, (names.get(name) ?? 0) + 1);
  return split
    .map(([namespace, name, ws]) => {
      const pods = ws.map(podTemplateOf).filter((p): p is PodTemplate => p !== undefined);
      const { kind, type } = kindOf(ws, (p) => isServed(namespace, p), pods, catalog);
      const labels = ws[0]!.metadata.labels ?? {};
      const tenant = labels[TENANT_LABEL];
      const shard = labels[SHARD_LABEL];
      const copy = tenant ?? shard;
      const base = copy && name.endsWith(`-${copy}`) ? name.slice(0, -copy.length - 1) : undefined;
      // Across namespaces one name may repeat: the namespace then qualifies it.
      const unique = (names.get(name) ?? 0) > 1 && namespace ? `${namespace}/${name}` : name;
      const node: GraphNode = {
        name: unique,
        kind,
        ...(type ? { type } : {}),
        ...(base ? { base } : {}),
        ...(tenant ? { tenant } : {}),
        ...(shard && !tenant ? { shard } : {}),
      };
      return { node, namespace, pods, workloads: ws };
    })
    .sort((a, b) => a.node.name.localeCompare(b.node.name));
}
