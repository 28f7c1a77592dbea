/**
 * What `up` would change, object by object: the live object against the server's dry-run result of applying
 * ours, so defaults the server fills in never show up as changes. Fields the server or controllers own are
 * ignored, and Secret values are redacted (only "changed" is said).
 */
import type { K8sObject } from '../k8s/object.js';

export interface Change {
  path: string;
  before?: unknown;
  after?: unknown;
}

export interface ObjectDiff {
  object: string;
  action: 'create' | 'update' | 'delete';
  changes: Change[];
}

/** Written by the API server or controllers, never by slipway. */
const IGNORED = new Set(['metadata.managedFields', 'metadata.resourceVersion', 'metadata.generation', 'metadata.uid', 'metadata.creationTimestamp', 'status']);
const IGNORED_ANNOTATIONS = /^(deployment\.kubernetes\.io\/|kubectl\.kubernetes\.io\/last-applied|slipway\.dev\/applied-hash)/;

function walk(a: unknown, b: unknown, path: string, out: Change[]): void {
  if (IGNORED.has(path) || (path.startsWith('metadata.annotations.') && IGNORED_ANNOTATIONS.test(path.slice('metadata.annotations.'.length)))) return;
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  const isObj = (v: unknown) => v !== null && typeof v === 'object';
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${path}[${i}]`, out);
    return;
  }
  if (isObj(a) && isObj(b) && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])].sort();
    for (const k of keys) walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k, out);
    return;
  }
  out.push({ path, ...(a !== undefined ? { before: a } : {}), ...(b !== undefined ? { after: b } : {}) });
}

function redact(o: K8sObject, changes: Change[]): Change[] {
  if (o.kind !== 'Secret') return changes;
  return changes.map((c) => (/^(data|stringData)\./.test(c.path) ? { path: c.path, ...(c.before !== undefined ? { before: '<redacted>' } : {}), ...(c.after !== undefined ? { after: '<redacted>' } : {}) } : c));
}

export function diffObject(name: string, live: K8sObject | undefined, desired: K8sObject | undefined): ObjectDiff | undefined {
  if (!live && desired) return { object: name, action: 'create', changes: [] };
  if (live && !desired) return { object: name, action: 'delete', changes: [] };
  const changes: Change[] = [];
  walk(live, desired, '', changes);
  return changes.length ? { object: name, action: 'update', changes: redact(desired ?? live!, changes) } : undefined;
}

/** How created and deleted objects are named: by `up` against a cluster, or between two environments. */
export interface DiffWords {
  none: string;
  create: string;
  delete: string;
}

const UP_WORDS: DiffWords = { none: 'no changes', create: '(new)', delete: '(pruned)' };

export function formatDiff(diffs: readonly ObjectDiff[], color = false, words: DiffWords = UP_WORDS): string {
  if (!diffs.length) return `${words.none}\n`;
  const c = (code: number, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const lines: string[] = [];
  for (const d of diffs) {
    if (d.action === 'create') lines.push(c(32, `+ ${d.object} ${words.create}`));
    else if (d.action === 'delete') lines.push(c(31, `- ${d.object} ${words.delete}`));
    else {
      lines.push(c(33, `~ ${d.object}`));
      for (const ch of d.changes) {
        const before = ch.before === undefined ? '' : c(31, JSON.stringify(ch.before));
        const after = ch.after === undefined ? '' : c(32, JSON.stringify(ch.after));
        lines.push(`    ${ch.path}: ${before || '(unset)'} → ${after || '(unset)'}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
