/**
 * Manifests to analyse, from wherever they are: YAML or JSON files, folders of them (recursively, in name order),
 * stdin (`-`), a Helm chart folder (through `helm template`) or a Kustomize folder (through `kubectl kustomize`).
 * This is the I/O edge of `analyze` and `lint`; the analysis itself only sees objects, lint also where each was.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as jsyaml from 'js-yaml';
import { userError } from '../diagnostics/errors.js';
import { fastLoadAll } from './fast-yaml.js';
import { withFs } from '../diagnostics/fs-error.js';
import type { K8sObject } from '../k8s/object.js';

const MANIFEST = /\.(ya?ml|json)$/;

/** An object and where it was written: the file, and the line its document starts on when that is known. */
export interface LocatedObject {
  object: K8sObject;
  file: string;
  /** 1-based; absent for what a tool rendered (a chart's template lines are not the output's). */
  line?: number;
}

/**
 * Objects from one text; a `List` is opened up (its items share its line), anything without kind and
 * metadata.name is skipped. js-yaml rather than the document API the stack loader uses: analysis needs values,
 * not positions, and a 5,000-object dump parses about ten times faster this way. The one position lint needs,
 * each document's first line, comes from js-yaml's node listener: every document opens exactly one root node.
 * What tools write is read by fast-yaml.ts first (the same values and lines, in about 60% of the time); anything
 * else, and every error, is js-yaml's.
 */
export function locatedObjectsFromText(text: string, where: string, opts: { lines?: boolean } = {}): LocatedObject[] {
  const fast = fastLoadAll(text);
  let docs: unknown[];
  const starts: number[] = fast?.starts ?? [];
  let depth = 0;
  const listener = (event: 'open' | 'close', state: { line: number }) => {
    if (event === 'close') return void depth--;
    if (depth++ === 0) starts.push(state.line + 1);
  };
  try {
    docs = fast ? fast.docs : jsyaml.loadAll(text, undefined, { schema: jsyaml.CORE_SCHEMA, filename: where, ...(opts.lines === false ? {} : { listener }) });
  } catch (e) {
    const mark = (e as { mark?: { line: number; column: number } }).mark;
    const reason = (e as { reason?: string }).reason ?? String(e);
    throw userError(`${where}${mark ? `:${mark.line + 1}:${mark.column + 1}` : ''}: ${reason}`, 'each document must be valid YAML', where);
  }
  const out: LocatedObject[] = [];
  docs.forEach((value, i) => {
    const items = isList(value) ? value.items : [value];
    const line = starts[i];
    for (const o of items) if (isObject(o)) out.push({ object: o, file: where, ...(line !== undefined && opts.lines !== false ? { line } : {}) });
  });
  return out;
}

export function objectsFromText(text: string, where: string): K8sObject[] {
  return locatedObjectsFromText(text, where).map((l) => l.object);
}

/**
 * What `helm template` rendered, each object attributed to its template file through the `# Source:` comment
 * helm writes above every document (the chart's name, then the path inside the chart).
 */
export function chartObjects(text: string, chart: string): LocatedObject[] {
  const docs = text.split(/^---\s*$/m);
  return docs.flatMap((doc) => {
    const source = /^# Source: [^/\n]+\/(.+)$/m.exec(doc)?.[1];
    return locatedObjectsFromText(doc, chart, { lines: false }).map((l) => ({ ...l, file: source ? join(chart, source) : chart }));
  });
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
  return readLocatedManifests(path, stdin).map((l) => l.object);
}

/** readManifests, with where each object was written. */
export function readLocatedManifests(path: string, stdin: () => string): LocatedObject[] {
  if (path === '-') return locatedObjectsFromText(stdin(), '<stdin>');
  if (!existsSync(path)) throw userError(`${path}: no such file or folder`, 'pass manifest files, a folder, a Helm chart, a Kustomize folder or - for stdin');
  const stat = withFs(path, 'read', () => statSync(path));
  if (stat.isFile()) return locatedObjectsFromText(withFs(path, 'read', () => readFileSync(path, 'utf8')), path);
  if (existsSync(join(path, 'Chart.yaml'))) return chartObjects(run('helm', ['template', 'analyze', path], path), path);
  if (['kustomization.yaml', 'kustomization.yml', 'Kustomization'].some((f) => existsSync(join(path, f)))) return locatedObjectsFromText(run('kubectl', ['kustomize', path], path), path, { lines: false });
  return withFs(path, 'read', () => readdirSync(path, { withFileTypes: true }))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() || MANIFEST.test(e.name) ? readLocatedManifests(join(path, e.name), stdin) : []));
}
