/** Stage 5 — emit: objects → deterministic text (YAML documents or a JSON List). */
import type { K8sObject } from '../k8s/object.js';
import { writeYaml } from './yaml-writer.js';

/** apiVersion, kind, metadata first (as people expect), name first in lists of named things, then by name. */
const FIRST = ['apiVersion', 'kind', 'metadata', 'name'];

export function keyOrder(a: string, b: string): number {
  const ia = FIRST.indexOf(a);
  const ib = FIRST.indexOf(b);
  if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}

export function toYaml(objects: readonly K8sObject[]): string {
  let out = '';
  for (const o of objects) out += `---\n${writeYaml(o, keyOrder)}`;
  return out;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort(keyOrder)) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

export function toJson(objects: readonly K8sObject[]): string {
  return `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects.map(sortKeys) }, null, 2)}\n`;
}

export function objectJson(o: K8sObject): string {
  return `${JSON.stringify(sortKeys(o), null, 2)}\n`;
}

/** One YAML document of any value (a kustomization, a patch list, a values file) without the leading `---`. */
export function yamlDocument(value: unknown): string {
  return toYaml([value as K8sObject]).replace(/^---\n/, '');
}
