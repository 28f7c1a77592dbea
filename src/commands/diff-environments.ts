/**
 * `slipway diff -e a -e b`: what really differs between two environments, object by object, without a
 * cluster. Each environment's namespace and name are written as <namespace> and <environment> first, so a
 * host name like `api.shop-dev.svc` or the environment label is not a difference; what is left is replicas,
 * resources, images, objects only one side has.
 */
import { componentOf, type K8sObject } from '../k8s/object.js';
import { diffObject, type ObjectDiff } from '../lifecycle/diff.js';
import type { LoadedStack } from '../load/load-stack.js';
import { renderStack } from './render.js';
import type { Catalog } from '../catalog/catalog.js';

/** The namespace where it is one (a `namespace:` field, a `<name>.<ns>.svc` host), the environment's name where a value is exactly it. */
function neutral(value: unknown, ns: string, env: string, host: RegExp, key = ''): unknown {
  if (typeof value === 'string') {
    if (key === 'namespace' && value === ns) return '<namespace>';
    // A log agent's namespace, named after the stack's (<namespace>-logs).
    if (key === 'namespace' && value.startsWith(`${ns}-`)) return `<namespace>${value.slice(ns.length)}`;
    if (value === env) return '<environment>';
    return value.replace(host, '.<namespace>.svc');
  }
  if (Array.isArray(value)) return value.map((v) => neutral(v, ns, env, host, key));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, neutral(v, ns, env, host, k)]));
  return value;
}

/** Objects of one environment by kind/name, in apply order; the stack's Namespace object is `Namespace`. */
function objectsOf(loaded: LoadedStack, environment: string, catalog: Catalog | undefined): Map<string, K8sObject> {
  const r = renderStack(loaded, { environment, ...(catalog ? { catalog } : {}) });
  const ns = r.resolved.namespace;
  // A Job's name carries a digest of its template, so jobs pair up by the component they belong to.
  const name = (o: K8sObject) => (o.kind === 'Job' ? (componentOf(o) ?? o.metadata.name) : o.metadata.name);
  // One pattern per environment, not per string: `.<ns>.svc` in host names.
  const host = new RegExp(`\\.${ns.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.svc\\b`, 'g');
  // Another namespace of the stack (a log agent's) keys its objects by that namespace, written relative to the stack's.
  const where = (n: string) => (n.startsWith(`${ns}-`) ? `<namespace>${n.slice(ns.length)}` : n);
  const keyOf = (o: K8sObject) => {
    if (o.kind === 'Namespace') return o.metadata.name === ns ? 'Namespace' : `Namespace/${where(o.metadata.name)}`;
    const other = o.metadata.namespace !== undefined && o.metadata.namespace !== ns;
    return `${o.kind}/${other ? `${where(o.metadata.namespace!)}/` : ''}${name(o)}`;
  };
  return new Map(r.objects.map((o) => [keyOf(o), neutral(o, ns, environment, host) as K8sObject]));
}

export function diffEnvironments(loaded: LoadedStack, a: string, b: string, catalog?: Catalog): ObjectDiff[] {
  const left = objectsOf(loaded, a, catalog);
  const right = objectsOf(loaded, b, catalog);
  const names = [...new Set([...left.keys(), ...right.keys()])];
  return names.map((n) => diffObject(n, left.get(n), right.get(n))).filter((d): d is ObjectDiff => d !== undefined);
}
