/**
 * Manifests to analyse, from wherever they are: YAML or JSON files, folders of them (recursively, in name order),
 * stdin (`-`), a Helm chart folder (through `helm template`) or a Kustomize folder (through `kubectl kustomize`).
 * This is the I/O edge of `analyze`; the analysis itself only sees objects.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as jsyaml from 'js-yaml';
import { userError } from '../diagnostics/errors.js';
import { withFs } from '../diagnostics/fs-error.js';
import type { K8sObject } from '../k8s/object.js';

const MANIFEST = /\.(ya?ml|json)$/;

/**
 * Objects from one text; a `List` is opened up, anything without kind and metadata.name is skipped. js-yaml
 * rather than the document API the stack loader uses: analysis needs values, not positions, and a 5,000-object
 * dump parses about ten times faster this way.
 */
export function objectsFromText(text: string, where: string): K8sObject[] {
  let docs: unknown[];
  try {
    docs = jsyaml.loadAll(text, undefined, { schema: jsyaml.CORE_SCHEMA, filename: where });
  } catch (e) {
    const mark = (e as { mark?: { line: number; column: number } }).mark;
    const reason = (e as { reason?: string }).reason ?? String(e);
    throw userError(`${where}${mark ? `:${mark.line + 1}:${mark.column + 1}` : ''}: ${reason}`, 'each document must be valid YAML', where);
  }
  const out: K8sObject[] = [];
  for (const value of docs) {
    const items = isList(value) ? value.items : [value];
    for (const o of items) if (isObject(o)) out.push(o);
  }
  return out;
}

function isList(v: unknown): v is { items: unknown[] } {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'List' && Array.isArray((v as { items?: unknown }).items);
}

function isObject(v: unknown): v is K8sObject {
  const o = v as { kind?: unknown; metadata?: { name?: unknown } } | null;
  return typeof o === 'object' && o !== null && typeof o.kind === 'string' && typeof o.metadata?.name === 'string';
}

function run(tool: string, args: string[], what: string): string {
  const r = spawnSync(tool, args, { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.error) throw userError(`${what}: ${tool} could not be started (${(r.error as NodeJS.ErrnoException).code ?? r.error.message})`, `install ${tool}, or render the manifests yourself and pass the files`);
  if (r.status !== 0) throw userError(`${what}: ${tool} failed: ${r.stderr.trim().split('\n').slice(-1)[0] ?? ''}`, `run \`${tool} ${args.join(' ')}\` to see the whole error`);
  return r.stdout;
}

/** Every manifest under `path`, or what its chart or kustomization renders to. */
export function readManifests(path: string, stdin: () => string): K8sObject[] {
  if (path === '-') return objectsFromText(stdin(), '<stdin>');
  if (!existsSync(path)) throw userError(`${path}: no such file or folder`, 'pass manifest files, a folder, a Helm chart, a Kustomize folder or - for stdin');
  const stat = withFs(path, 'read', () => statSync(path));
  if (stat.isFile()) return objectsFromText(withFs(path, 'read', () => readFileSync(path, 'utf8')), path);
  if (existsSync(join(path, 'Chart.yaml'))) return objectsFromText(run('helm', ['template', 'analyze', path], path), path);
  if (['kustomization.yaml', 'kustomization.yml', 'Kustomization'].some((f) => existsSync(join(path, f)))) return objectsFromText(run('kubectl', ['kustomize', path], path), path);
  return withFs(path, 'read', () => readdirSync(path, { withFileTypes: true }))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? readManifests(join(path, e.name), stdin) : MANIFEST.test(e.name) ? readManifests(join(path, e.name), stdin) : []));
}
