/**
 * The object set a lint run checks, indexed once: by kind, by name, and every pod template with its
 * containers. Object rules read only this, so each one is a linear pass over the kinds it cares about and
 * cross-object checks (a Service's pods, an HPA's target) are map look-ups, not scans.
 */
import type { K8sObject } from '../k8s/object.js';
import { podTemplateOf } from '../k8s/pod-template.js';

/** The pod-bearing kinds; a custom resource with a `spec.template` is not read as one. */
const POD_KINDS = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob']);

export interface Container {
  name?: string;
  image?: string;
  imagePullPolicy?: string;
  ports?: { name?: string; containerPort?: number; hostPort?: number; protocol?: string }[];
  env?: { name?: string; value?: string; valueFrom?: { configMapKeyRef?: { name?: string; optional?: boolean }; secretKeyRef?: { name?: string; optional?: boolean } } }[];
  envFrom?: { configMapRef?: { name?: string; optional?: boolean }; secretRef?: { name?: string; optional?: boolean } }[];
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  readinessProbe?: unknown;
  livenessProbe?: unknown;
  startupProbe?: unknown;
  securityContext?: SecurityContext;
}

export interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  capabilities?: { add?: string[]; drop?: string[] };
}

export interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  volumes?: { name?: string; hostPath?: { path?: string }; configMap?: { name?: string; optional?: boolean }; secret?: { secretName?: string; optional?: boolean }; projected?: { sources?: { configMap?: { name?: string; optional?: boolean } }[] } }[];
  securityContext?: SecurityContext;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  affinity?: { podAntiAffinity?: unknown };
  topologySpreadConstraints?: unknown[];
}

/** A workload and its pod template. */
export interface PodSite {
  object: K8sObject;
  namespace: string;
  labels: Readonly<Record<string, string>>;
  spec: PodSpec;
  /** Field path of the pod spec inside the object. */
  at: string;
}

export interface ContainerSite {
  pod: PodSite;
  container: Container;
  /** Field path of the container inside the object. */
  at: string;
  init: boolean;
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Whether a LabelSelector selects these labels; an empty selector selects everything, as the API defines it. */
export function selectorMatches(sel: LabelSelector | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!sel) return false;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const inValues = has && (e.values ?? []).includes(labels[e.key]!);
    const ok = e.operator === 'In' ? inValues : e.operator === 'NotIn' ? !inValues : e.operator === 'Exists' ? has : e.operator === 'DoesNotExist' ? !has : false;
    if (!ok) return false;
  }
  return true;
}

const nsOf = (o: K8sObject) => o.metadata.namespace ?? '';

export class ObjectIndex {
  readonly all: readonly K8sObject[];
  readonly pods: readonly PodSite[];
  readonly containers: readonly ContainerSite[];
  private readonly kinds = new Map<string, K8sObject[]>();
  private readonly names = new Map<string, K8sObject>();
  private readonly podsByNamespace = new Map<string, PodSite[]>();
  private readonly podByObject = new Map<K8sObject, PodSite>();

  constructor(objects: readonly K8sObject[]) {
    this.all = objects;
    const pods: PodSite[] = [];
    const containers: ContainerSite[] = [];
    for (const o of objects) {
      let list = this.kinds.get(o.kind);
      if (!list) this.kinds.set(o.kind, (list = []));
      list.push(o);
      this.names.set(`${o.kind}/${nsOf(o)}/${o.metadata.name}`, o);
      if (!POD_KINDS.has(o.kind)) continue;
      const template = podTemplateOf(o);
      if (!template?.spec) continue;
      const at = o.kind === 'Pod' ? 'spec' : o.kind === 'CronJob' ? 'spec.jobTemplate.spec.template.spec' : 'spec.template.spec';
      const pod: PodSite = { object: o, namespace: nsOf(o), labels: template.metadata?.labels ?? {}, spec: template.spec as PodSpec, at };
      pods.push(pod);
      this.podByObject.set(o, pod);
      let inNs = this.podsByNamespace.get(pod.namespace);
      if (!inNs) this.podsByNamespace.set(pod.namespace, (inNs = []));
      inNs.push(pod);
      (pod.spec.initContainers ?? []).forEach((c, i) => containers.push({ pod, container: c, at: `${at}.initContainers[${i}]`, init: true }));
      (pod.spec.containers ?? []).forEach((c, i) => containers.push({ pod, container: c, at: `${at}.containers[${i}]`, init: false }));
    }
    this.pods = pods;
    this.containers = containers;
  }

  /** Every object of a kind, in input order. */
  ofKind(kind: string): readonly K8sObject[] {
    return this.kinds.get(kind) ?? [];
  }

  /** The object of this kind and name in the namespace (`''` for objects that name none). */
  get(kind: string, namespace: string, name: string): K8sObject | undefined {
    return this.names.get(`${kind}/${namespace}/${name}`);
  }

  namespaceOf(o: K8sObject): string {
    return nsOf(o);
  }

  /** Pod templates in the namespace whose labels the selector selects. */
  podsSelectedBy(namespace: string, selector: LabelSelector | undefined): PodSite[] {
    return (this.podsByNamespace.get(namespace) ?? []).filter((p) => selectorMatches(selector, p.labels));
  }

  /** The pod template of a workload object, when it has one. */
  podOf(o: K8sObject): PodSite | undefined {
    return this.podByObject.get(o);
  }
}
