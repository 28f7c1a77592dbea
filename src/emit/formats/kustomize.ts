/**
 * `--format kustomize`: a base with every object all environments have (as the first environment renders it,
 * without its namespace) and an overlay per environment with its namespace, a JSON patch (RFC 6902) for each
 * base object it renders differently, and the objects only it has. `kubectl kustomize overlays/<env>` yields
 * exactly what `slipway render -e <env>` does; the patches show what really differs between environments.
 */
import jsonPatch from 'fast-json-patch';
import type { K8sObject } from '../../k8s/object.js';
import { toYaml, yamlDocument } from '../yaml.js';
import type { Emitter } from './contract.js';

const key = (o: K8sObject) => `${o.apiVersion}|${o.kind}|${o.metadata.name}`;
/** In another namespace of the stack than the environment's own (a log agent's): written with its namespace, never in the base. */
const elsewhere = (o: K8sObject, namespace: string) => o.metadata.namespace !== undefined && o.metadata.namespace !== namespace;
const fileOf = (o: K8sObject, namespace?: string) => `${o.kind.toLowerCase()}-${o.metadata.name}${namespace !== undefined && elsewhere(o, namespace) ? `.${o.metadata.namespace}` : ''}.yaml`;

/**
 * Kustomize's namespace transformer set only where an object has none: `namespace:` in a kustomization would move a
 * log agent's objects into the environment's namespace, and its RoleBinding's subject with them.
 */
function namespaceTransformer(namespace: string): string {
  return yamlDocument({
    apiVersion: 'builtin',
    kind: 'NamespaceTransformer',
    metadata: { name: 'namespace', namespace },
    unsetOnly: true,
    setRoleBindingSubjects: 'none',
    fieldSpecs: [{ path: 'metadata/namespace', create: true }],
  });
}

function withoutNamespace(o: K8sObject): K8sObject {
  const { namespace: _ns, ...metadata } = o.metadata;
  return { ...o, metadata } as K8sObject;
}

function kustomization(fields: Record<string, unknown>): string {
  return yamlDocument({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', ...fields });
}

/** What a kustomize patch target needs to find one object. */
function targetOf(o: K8sObject): Record<string, string> {
  const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
  return { ...(group ? { group } : {}), version: version!, kind: o.kind, name: o.metadata.name };
}

export const kustomize: Emitter = {
  format: 'kustomize',
  description: 'base/ with every object, overlays/<env>/ with its namespace, JSON patches where it differs, and its own objects',
  emit({ renders }) {
    const files = new Map<string, { text: string; secret?: boolean }>();
    const byKey = renders.map((r) => new Map(r.objects.filter((o) => !elsewhere(o, r.namespace)).map((o) => [key(o), withoutNamespace(o)])));
    // The Namespace object is named after each environment's namespace: always an overlay's own.
    const first = renders[0];
    const base = (first?.objects ?? []).filter((o) => !elsewhere(o, first!.namespace)).map(withoutNamespace).filter((o) => o.kind !== 'Namespace' && byKey.every((m) => m.has(key(o))));
    const inBase = new Set(base.map(key));
    for (const o of base) files.set(`base/${fileOf(o)}`, { text: toYaml([o]), secret: o.kind === 'Secret' });
    files.set('base/kustomization.yaml', { text: kustomization({ resources: base.map((o) => fileOf(o)) }) });
    renders.forEach((r, i) => {
      const dir = `overlays/${r.environment}`;
      const own = r.objects.filter((o) => elsewhere(o, r.namespace) || !inBase.has(key(o)));
      for (const o of own) files.set(`${dir}/${fileOf(o, r.namespace)}`, { text: toYaml([o]), secret: o.kind === 'Secret' });
      const patches: Record<string, unknown>[] = [];
      for (const o of base) {
        const ops = jsonPatch.compare(o, byKey[i]!.get(key(o))!);
        if (!ops.length) continue;
        const path = `patches/${fileOf(o)}`;
        files.set(`${dir}/${path}`, { text: yamlDocument(ops), secret: o.kind === 'Secret' });
        patches.push({ path, target: targetOf(o) });
      }
      const split = r.objects.some((o) => elsewhere(o, r.namespace));
      if (split) files.set(`${dir}/namespace.yaml`, { text: namespaceTransformer(r.namespace) });
      const resources = ['../../base', ...own.map((o) => fileOf(o, r.namespace))];
      files.set(`${dir}/kustomization.yaml`, { text: kustomization({ ...(split ? {} : { namespace: r.namespace }), resources, ...(split ? { transformers: ['namespace.yaml'] } : {}), ...(patches.length ? { patches } : {}) }) });
    });
    return files;
  },
};
