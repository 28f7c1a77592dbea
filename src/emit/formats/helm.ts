/**
 * `--format helm`: a chart whose templates are the stack's objects and whose values files say, per environment,
 * only what differs. A field that differs between environments becomes a slot, `{{ index .Values.objects
 * "<object>" "<path>" | toJson }}` (JSON is YAML, so any value fits); an object some environments lack is
 * wrapped in `if`. `helm template -n <ns> -f values-<env>.yaml` yields exactly `slipway render -e <env>`.
 * No template function makes up a value: generated credentials come from slipway's key (with --secrets
 * include), so an upgrade never rotates them. Helm applies everything at once and waits; slipway's wait init
 * containers keep the order at run time, so no hooks are needed. Install with `--create-namespace`; the chart's
 * Namespace object (slipway's labels, Pod Security) is written only with `createNamespace: true`.
 */
import jsonPatch from 'fast-json-patch';
import type { K8sObject } from '../../k8s/object.js';
import { yamlDocument } from '../yaml.js';
import type { Emitter } from './contract.js';

/**
 * A namespace as the chart writes it, relative to the release's: '' for the release namespace, `-logs` for one named
 * after it (a log agent's `<namespace>-logs`, which follows the release), else the literal name after `=`.
 */
function relative(ns: string, release: string): string {
  if (ns === release) return '';
  return ns.startsWith(`${release}-`) ? ns.slice(release.length) : `=${ns}`;
}

/** Template key of an object of a render into `release`: kind and name, and the namespace when not the release's. */
function key(o: K8sObject, release: string): string {
  if (o.kind === 'Namespace') return `namespace${relative(o.metadata.name, release).replace(/^=/, '-')}`;
  const rel = o.metadata.namespace === undefined ? '' : relative(o.metadata.namespace, release);
  return `${o.kind.toLowerCase()}-${o.metadata.name}${rel ? `.${rel.replace(/^[-=]/, '')}` : ''}`;
}

/** The template text of a relative namespace. */
function namespaceText(rel: string): string {
  return rel.startsWith('=') ? rel.slice(1) : `{{ .Release.Namespace }}${rel}`;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** RFC 6901 pointer → segments. */
const segments = (pointer: string) => pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
const display = (segs: readonly string[]) => segs.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : `${i ? '.' : ''}${s}`)).join('');

function at(value: Json | undefined, segs: readonly string[]): Json | undefined {
  let v: Json | undefined = value;
  for (const s of segs) v = v && typeof v === 'object' ? (v as Record<string, Json>)[s] : undefined;
  return v;
}

interface Slot {
  path: string[];
  /** Present in some environments only: the key is written only where the values file has it. */
  optional: boolean;
}

const isIndex = (x: string) => /^\d+$/.test(x);

/**
 * Slots of one object: the smallest fields that hold every difference between environments. A difference inside
 * a list lifts to the list's owner field (positions shift); a field some environments lack is optional when its
 * parent exists everywhere, else the parent is the slot.
 */
function slotsOf(variants: readonly Json[]): Slot[] {
  const base = variants[0]!;
  const paths: string[][] = [];
  for (const v of variants.slice(1)) for (const op of jsonPatch.compare(base as object, v as object)) paths.push(segments(op.path));
  const slots = paths.map((raw): Slot => {
    let p = raw.some(isIndex) ? raw.slice(0, raw.findIndex(isIndex)) : [...raw];
    while (p.length > 1 && variants.some((v) => at(v, p.slice(0, -1)) === undefined)) p = p.slice(0, -1);
    return { path: p, optional: variants.some((v) => at(v, p) === undefined) };
  });
  const unique = [...new Map(slots.map((s) => [s.path.join('\0'), s])).values()].sort((a, b) => a.path.length - b.path.length);
  // A slot inside another one is covered by it.
  return unique.filter((s, i) => s.path.length && !unique.slice(0, i).some((o) => o.path.length < s.path.length && o.path.every((x, j) => x === s.path[j])));
}

/** The object's YAML with each slot's value replaced by its template expression (a guarded line when optional). */
function templateOf(o: K8sObject, objKey: string, slots: readonly Slot[], release: string): string {
  // A JSON copy: generate shares label maps between parts of objects, and a slot must land in one place only.
  const copy = JSON.parse(JSON.stringify(o)) as Record<string, Json>;
  const meta = copy.metadata as Record<string, Json>;
  let rel = '';
  if (o.kind === 'Namespace') {
    rel = relative(o.metadata.name, release);
    meta.name = '@@slipway-namespace@@';
  } else if (o.metadata.namespace !== undefined) {
    rel = relative(o.metadata.namespace, release);
    meta.namespace = '@@slipway-namespace@@';
  }
  slots.forEach((s, i) => {
    let parent: Record<string, Json> = copy;
    for (const seg of s.path.slice(0, -1)) parent = parent[seg] as Record<string, Json>;
    parent[s.path.at(-1)!] = `@@slipway-slot-${i}@@`;
  });
  let text = yamlDocument(copy);
  text = text.replace(/["']?@@slipway-namespace@@["']?/g, namespaceText(rel));
  slots.forEach((s, i) => {
    const ref = `${JSON.stringify(objKey)} ${JSON.stringify(display(s.path))}`;
    const value = `{{ index .Values.objects ${ref} | toJson }}`;
    text = text.replace(new RegExp(`^( *)(.*?): ["']?@@slipway-slot-${i}@@["']?$`, 'm'), (_m, indent: string, k: string) =>
      s.optional ? `{{- if hasKey (index .Values.objects ${JSON.stringify(objKey)}) ${JSON.stringify(display(s.path))} }}\n${indent}${k}: ${value}\n{{- end }}` : `${indent}${k}: ${value}`,
    );
  });
  return text;
}

export const helm: Emitter = {
  format: 'helm',
  description: 'a chart: templates from the objects, values-<env>.yaml with what differs per environment',
  emit({ stack, renders }) {
    const files = new Map<string, { text: string; secret?: boolean }>();
    const envs = renders.map((r) => r.environment);
    const maps = renders.map((r) => new Map(r.objects.map((o) => [key(o, r.namespace), o])));
    const order: [K8sObject, string][] = [];
    const seen = new Set<string>();
    for (const r of renders) for (const o of r.objects) if (!seen.has(key(o, r.namespace))) seen.add(key(o, r.namespace)) && order.push([o, r.namespace]);
    const values = renders.map(() => ({ objects: {} as Record<string, Record<string, Json>> }));
    // Helm merges values.yaml under every -f file: the defaults must not hold a field some environment lacks.
    const defaults = { objects: {} as Record<string, Record<string, Json>> };
    order.forEach(([o, release], i) => {
      const k = key(o, release);
      const present = maps.map((m) => m.get(k));
      const variants = present.filter((x): x is K8sObject => x !== undefined).map((x) => {
        const c = structuredClone(x) as unknown as Record<string, Json>;
        if (x.kind === 'Namespace') (c.metadata as Record<string, Json>).name = '';
        else delete (c.metadata as Record<string, Json>).namespace;
        return c as Json;
      });
      const slots = slotsOf(variants);
      const partial = present.some((x) => x === undefined);
      present.forEach((x, e) => {
        if (!x && !partial) return;
        const own: Record<string, Json> = partial ? { enabled: x !== undefined } : {};
        const variant = x ? variants[present.slice(0, e).filter(Boolean).length]! : undefined;
        for (const s of x ? slots : []) {
          const v = at(variant, s.path);
          if (v !== undefined) own[display(s.path)] = v;
        }
        if (Object.keys(own).length) values[e]!.objects[k] = own;
      });
      const first = values[0]!.objects[k];
      if (first) defaults.objects[k] = Object.fromEntries(Object.entries(first).filter(([p]) => !slots.some((s) => s.optional && display(s.path) === p)));
      let text = templateOf(o, k, slots, release);
      if (partial) text = `{{- if (index .Values.objects ${JSON.stringify(k)}).enabled }}\n${text}{{- end }}\n`;
      // Helm keeps its release record inside the namespace, so the namespace must exist before the release does
      // (`install --create-namespace`); the chart writes its own Namespace only when asked (helm template, GitOps).
      // Another namespace of the stack (a log agent's) is always the chart's own: --create-namespace makes only the release's.
      if (o.kind === 'Namespace' && k === 'namespace') text = `{{- if .Values.createNamespace }}\n${text}{{- end }}\n`;
      files.set(`templates/${String(i + 1).padStart(3, '0')}-${k}.yaml`, { text, secret: o.kind === 'Secret' });
    });
    const secret = order.some(([o]) => o.kind === 'Secret');
    files.set('Chart.yaml', { text: yamlDocument({ apiVersion: 'v2', name: stack, description: `${stack}, emitted by slipway from its stack file`, type: 'application', version: '0.1.0' }) });
    renders.forEach((r, e) => {
      const text = `# ${r.environment}: install into namespace ${r.namespace}, e.g. helm upgrade --install ${stack} . -n ${r.namespace} -f values-${r.environment}.yaml\n${yamlDocument(values[e])}`;
      files.set(`values-${r.environment}.yaml`, { text, secret });
    });
    const head = [
      `# Defaults (${envs[0]} without the fields other environments lack): install with -f values-<env>.yaml (${envs.join(', ')}).`,
      '# createNamespace: the chart writes the Namespace with its labels (Pod Security restricted) itself; Helm keeps its',
      '# release record in that namespace, so leave this false for `helm install --create-namespace` and label it there.',
      'createNamespace: false',
    ].join('\n');
    files.set('values.yaml', { text: `${head}\n${yamlDocument(defaults)}`, secret });
    return files;
  },
};
