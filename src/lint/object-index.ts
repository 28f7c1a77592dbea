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
  /** Pod templates by namespace and one label (`ns\0key=value`): a selector's candidates without a scan. */
  private readonly podsByLabel = new Map<string, PodSite[]>();
  private readonly selected = new Map<string, PodSite[]>();

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
      for (const [k, v] of Object.entries(pod.labels)) {
        const key = `${pod.namespace}\0${k}=${v}`;
        let same = this.podsByLabel.get(key);
        if (!same) this.podsByLabel.set(key, (same = []));
        same.push(pod);
      }
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

  /** Pod templates in the namespace whose labels the selector selects (computed once per distinct selector). */
  podsSelectedBy(namespace: string, selector: LabelSelector | undefined): readonly PodSite[] {
    if (!selector) return [];
    const key = `${namespace}\0${JSON.stringify(selector)}`;
    let found = this.selected.get(key);
    if (!found) {
      // Each matchLabels entry narrows the candidates to the pods carrying that label; the rarest narrows most (a
      // label every pod shares, like app.kubernetes.io/part-of, would make this a scan per selector).
      let candidates: readonly PodSite[] | undefined;
      for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
        const carrying = this.podsByLabel.get(`${namespace}\0${k}=${v}`) ?? [];
        if (!candidates || carrying.length < candidates.length) candidates = carrying;
      }
      candidates ??= this.podsByNamespace.get(namespace) ?? [];
      found = candidates.filter((p) => selectorMatches(selector, p.labels));
      this.selected.set(key, found);
    }
    return found;
  }

  /** Every pod template that at least one of these objects selects (PodDisruptionBudgets, NetworkPolicies). */
  podsCoveredBy(objects: readonly K8sObject[], selectorOf: (o: K8sObject) => LabelSelector | undefined): Set<PodSite> {
    const covered = new Set<PodSite>();
    const seen = new Set<string>();
    for (const o of objects) {
      const selector = selectorOf(o);
      const key = `${nsOf(o)}\0${JSON.stringify(selector)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      for (const p of this.podsSelectedBy(nsOf(o), selector)) covered.add(p);
    }
    return covered;
  }

  /** The pod template of a workload object, when it has one. */
  podOf(o: K8sObject): PodSite | undefined {
    return this.podByObject.get(o);
  }
}
