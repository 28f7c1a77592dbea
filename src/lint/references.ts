/** The ConfigMaps and Secrets a pod template reads (not optional ones), with where. */
import type { PodSite } from './object-index.js';

export interface Reference {
  name: string;
  field: string;
}

/** What the cluster puts in every namespace itself: no manifest needs to provide it. */
const BUILT_IN: Readonly<Record<'ConfigMap' | 'Secret', ReadonlySet<string>>> = { ConfigMap: new Set(['kube-root-ca.crt']), Secret: new Set() };

export function referencesOf(p: PodSite, kind: 'ConfigMap' | 'Secret'): Reference[] {
  const out: Reference[] = [];
  const add = (ref: { name?: string; optional?: boolean } | undefined, field: string, name = ref?.name) => {
    if (ref && name && ref.optional !== true && !BUILT_IN[kind].has(name)) out.push({ name, field });
  };
  const containers = [...(p.spec.initContainers ?? []).map((c, i) => [c, `${p.at}.initContainers[${i}]`] as const), ...(p.spec.containers ?? []).map((c, i) => [c, `${p.at}.containers[${i}]`] as const)];
  for (const [c, at] of containers) {
    (c.env ?? []).forEach((e, i) => add(kind === 'ConfigMap' ? e.valueFrom?.configMapKeyRef : e.valueFrom?.secretKeyRef, `${at}.env[${i}].valueFrom`));
    (c.envFrom ?? []).forEach((e, i) => add(kind === 'ConfigMap' ? e.configMapRef : e.secretRef, `${at}.envFrom[${i}]`));
  }
  (p.spec.volumes ?? []).forEach((v, i) => {
    if (kind === 'ConfigMap') {
      add(v.configMap, `${p.at}.volumes[${i}].configMap`);
      (v.projected?.sources ?? []).forEach((s, j) => add(s.configMap, `${p.at}.volumes[${i}].projected.sources[${j}].configMap`));
    } else {
      add(v.secret, `${p.at}.volumes[${i}].secret`, v.secret?.secretName);
      (v.projected?.sources ?? []).forEach((s, j) => add((s as { secret?: { name?: string; optional?: boolean } }).secret, `${p.at}.volumes[${i}].projected.sources[${j}].secret`));
    }
  });
  return out;
}
