/**
 * Preflight, the pure half: what a render needs from the cluster that slipway does not make itself — Secrets
 * (and their keys) that pods reference, and API kinds that are not built in — and, given what the cluster
 * has, one finding per missing thing with the command that creates it. Values never appear: the commands
 * carry placeholders, and the cluster side (lifecycle/preflight.ts) only ever reads key names.
 */
import type { Issue } from '../diagnostics/issue.js';
import { isCustomGroup, kindInfo } from '../k8s/kinds/index.js';
import { operatorOf } from '../k8s/operators.js';
import type { K8sObject } from '../k8s/object.js';
import { podTemplateOf } from '../k8s/pod-template.js';
import type { ModelPath } from '../load/source.js';

export interface SecretNeed {
  name: string;
  /** Keys read one by one (secretKeyRef, volume items); empty when the Secret is used whole. */
  keys: string[];
  /** `Kind/name` of the objects that reference it, sorted. */
  usedBy: string[];
  /** Referenced as an image pull secret (so `create secret docker-registry` is the command). */
  pull: boolean;
  /** Where the stack declares it (`secrets.x`, an external passwordSecret), when it does. */
  path?: ModelPath;
}

export interface KindNeed {
  apiVersion: string;
  kind: string;
  usedBy: string[];
}

export interface PreflightNeeds {
  namespace: string;
  secrets: SecretNeed[];
  kinds: KindNeed[];
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): Json[] => (Array.isArray(v) ? v.map(obj) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The pod spec inside a workload (k8s/pod-template.ts knows where each kind keeps it). */
function podSpecOf(o: K8sObject): Json | undefined {
  const spec = podTemplateOf(o)?.spec;
  return spec ? obj(spec) : undefined;
}

interface Ref {
  name: string;
  key?: string;
  pull?: boolean;
}

/** Every Secret a pod spec reads, except references marked optional (the pod starts without them). */
function secretRefs(pod: Json): Ref[] {
  const refs: Ref[] = [];
  for (const c of [...arr(pod.initContainers), ...arr(pod.containers), ...arr(pod.ephemeralContainers)]) {
    for (const e of arr(c.env)) {
      const r = obj(obj(e.valueFrom).secretKeyRef);
      const name = str(r.name);
      if (name && r.optional !== true) refs.push({ name, ...(str(r.key) ? { key: str(r.key)! } : {}) });
    }
    for (const f of arr(c.envFrom)) {
      const r = obj(f.secretRef);
      const name = str(r.name);
      if (name && r.optional !== true) refs.push({ name });
    }
  }
  const fromVolume = (s: Json, nameField: string) => {
    const name = str(s[nameField]);
    if (!name || s.optional === true) return;
    const items = arr(s.items);
    if (!items.length) refs.push({ name });
    for (const i of items) refs.push({ name, ...(str(i.key) ? { key: str(i.key)! } : {}) });
  };
  for (const v of arr(pod.volumes)) {
    if (v.secret) fromVolume(obj(v.secret), 'secretName');
    for (const s of arr(obj(v.projected).sources)) if (s.secret) fromVolume(obj(s.secret), 'name');
  }
  for (const p of arr(pod.imagePullSecrets)) if (str(p.name)) refs.push({ name: str(p.name)!, pull: true });
  return refs;
}

export interface NeedsInput {
  namespace: string;
  objects: readonly K8sObject[];
  /** Secrets slipway generates (created by `up` itself, so never missing). */
  generated: readonly string[];
  /** Secrets the stack declares as made elsewhere, by name: where they are declared and keys that must be there. */
  declared?: ReadonlyMap<string, { path: ModelPath; keys: readonly string[] }>;
}

/** What the render needs that slipway does not create: pure, from the objects alone (plus the declarations). */
export function preflightNeeds(input: NeedsInput): PreflightNeeds {
  const made = new Set([...input.generated, ...input.objects.filter((o) => o.kind === 'Secret').map((o) => o.metadata.name)]);
  const secrets = new Map<string, { keys: Set<string>; usedBy: Set<string>; pull: boolean }>();
  const need = (name: string, by: string | undefined, key?: string, pull = false) => {
    if (made.has(name)) return;
    const n = secrets.get(name) ?? { keys: new Set<string>(), usedBy: new Set<string>(), pull: false };
    if (key) n.keys.add(key);
    if (by) n.usedBy.add(by);
    n.pull ||= pull;
    secrets.set(name, n);
  };
  const kinds = new Map<string, KindNeed>();
  for (const o of input.objects) {
    const by = `${o.kind}/${o.metadata.name}`;
    const pod = podSpecOf(o);
    if (pod) for (const r of secretRefs(pod)) need(r.name, by, r.key, r.pull);
    if (o.kind === 'ServiceAccount') for (const p of arr((o as unknown as Json).imagePullSecrets)) if (str(p.name)) need(str(p.name)!, by, undefined, true);
    // Not built in: a kind slipway does not know, or one it knows that an operator's CRD serves (a ServiceMonitor).
    if (!kindInfo(o.kind, o.apiVersion) || isCustomGroup(o.apiVersion)) {
      const id = `${o.apiVersion} ${o.kind}`;
      const k = kinds.get(id) ?? { apiVersion: o.apiVersion, kind: o.kind, usedBy: [] };
      k.usedBy.push(by);
      kinds.set(id, k);
    }
  }
  for (const [name, d] of input.declared ?? []) {
    if (made.has(name)) continue;
    if (d.keys.length) for (const k of d.keys) need(name, undefined, k);
    else if (secrets.has(name)) need(name, undefined);
  }
  const declared = input.declared ?? new Map();
  return {
    namespace: input.namespace,
    secrets: [...secrets]
      .map(([name, n]) => ({ name, keys: [...n.keys].sort(), usedBy: [...n.usedBy].sort(), pull: n.pull, ...(declared.has(name) ? { path: declared.get(name)!.path } : {}) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    kinds: [...kinds.values()].map((k) => ({ ...k, usedBy: [...k.usedBy].sort() })).sort((a, b) => `${a.apiVersion} ${a.kind}`.localeCompare(`${b.apiVersion} ${b.kind}`)),
  };
}

/** What the cluster has, as far as the needs go: key names only, never values. */
export interface ClusterFacts {
  namespaceExists: boolean;
  /** Key names of each needed Secret that exists. */
  secretKeys: ReadonlyMap<string, readonly string[]>;
  /** `apiVersion kind` of the needed kinds the API server serves. */
  served: ReadonlySet<string>;
}

const PLACEHOLDER = '...';
const usedByText = (usedBy: readonly string[]) => (usedBy.length ? `; ${usedBy.slice(0, 3).join(', ')}${usedBy.length > 3 ? ` and ${usedBy.length - 3} more` : ''} ${usedBy.length === 1 ? 'needs' : 'need'} it` : '');

/** The command that creates a missing Secret, with placeholders where the values go. */
export function createSecretCommand(namespace: string, s: Pick<SecretNeed, 'name' | 'keys' | 'pull'>): string {
  if (s.pull) return `kubectl -n ${namespace} create secret docker-registry ${s.name} --docker-server=${PLACEHOLDER} --docker-username=${PLACEHOLDER} --docker-password=${PLACEHOLDER}`;
  const keys = s.keys.length ? s.keys : ['KEY'];
  return `kubectl -n ${namespace} create secret generic ${s.name} ${keys.map((k) => `--from-literal=${k}=${PLACEHOLDER}`).join(' ')}`;
}

/** The command that adds keys to an existing Secret, values as placeholders. */
export function addKeysCommand(namespace: string, name: string, keys: readonly string[]): string {
  const data = Object.fromEntries(keys.map((k) => [k, PLACEHOLDER]));
  return `kubectl -n ${namespace} patch secret ${name} --type=merge -p '${JSON.stringify({ stringData: data })}'`;
}

/**
 * One finding per missing thing, all at once: the namespace first (when it does not exist, every Secret is
 * missing with it), then Secrets and keys by name, then kinds. Empty when everything is there.
 */
export function preflightFindings(needs: PreflightNeeds, facts: ClusterFacts): Issue[] {
  const ns = needs.namespace;
  const out: Issue[] = [];
  const missingSecrets = needs.secrets.filter((s) => !facts.namespaceExists || !facts.secretKeys.has(s.name));
  if (!facts.namespaceExists && missingSecrets.length) {
    out.push({
      code: 'preflight-namespace',
      message: `namespace "${ns}" does not exist yet, so none of the ${missingSecrets.length} Secret(s) below can be in it`,
      hint: `kubectl create namespace ${ns}; create the Secrets below; then run up again (add --adopt-namespace to let slipway manage the namespace as one it created)`,
      path: [],
    });
  }
  for (const s of needs.secrets) {
    const path = s.path ?? [];
    const have = facts.namespaceExists ? facts.secretKeys.get(s.name) : undefined;
    if (!have) {
      const keys = s.keys.length ? ` (key${s.keys.length > 1 ? 's' : ''} ${s.keys.join(', ')})` : '';
      out.push({ code: 'preflight-secret', message: `Secret "${s.name}"${keys} does not exist in namespace "${ns}"${usedByText(s.usedBy)}`, hint: createSecretCommand(ns, s), path });
      continue;
    }
    const absent = s.keys.filter((k) => !have.includes(k));
    if (absent.length) {
      out.push({
        code: 'preflight-secret-key',
        message: `Secret "${s.name}" in namespace "${ns}" has no key${absent.length > 1 ? 's' : ''} ${absent.join(', ')}${usedByText(s.usedBy)}`,
        hint: addKeysCommand(ns, s.name, absent),
        path,
      });
    }
  }
  for (const k of needs.kinds) {
    if (facts.served.has(`${k.apiVersion} ${k.kind}`)) continue;
    const group = k.apiVersion.includes('/') ? k.apiVersion.slice(0, k.apiVersion.indexOf('/')) : '';
    const operator = operatorOf(k.apiVersion);
    out.push({
      code: 'preflight-kind',
      message: `the cluster does not serve kind ${k.kind} (${k.apiVersion}), which the stack renders as ${k.usedBy.slice(0, 3).join(', ')}${k.usedBy.length > 3 ? ` and ${k.usedBy.length - 3} more` : ''}${operator ? `: ${operator.name} is not installed` : ''}`,
      hint: operator
        ? `install ${operator.name} (it brings the CustomResourceDefinition of ${k.kind}): ${operator.install}${operator.instead ? `; or ${operator.instead}` : ''}`
        : `install the CustomResourceDefinition for ${k.kind} (usually with the operator that provides ${group || 'it'}), then check: kubectl api-resources --api-group=${group}`,
      path: [],
    });
  }
  return out;
}
