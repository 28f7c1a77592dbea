/** Write one file per object into a directory, all or nothing: build in a sibling temp dir, then swap. */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { K8sObject } from '../k8s/object.js';
import { userError } from '../diagnostics/errors.js';

export function objectFileName(o: K8sObject, index: number, width: number): string {
  return `${String(index + 1).padStart(width, '0')}-${o.kind.toLowerCase()}-${o.metadata.name}`;
}

export function writeDirectory(dir: string, files: ReadonlyMap<string, string>): void {
  if (existsSync(dir)) {
    const foreign = readdirSync(dir).filter((f) => !/^\d+-[a-z]+-.*\.(yaml|json)$/.test(f) && f !== '.slipway-render');
    if (foreign.length) throw userError(`output directory ${dir} holds files slipway did not write (${foreign.slice(0, 3).join(', ')})`, 'choose an empty or slipway-owned directory');
  }
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.${basename(dir)}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  writeFileSync(join(tmp, '.slipway-render'), 'written by slipway render; the whole folder is replaced on each render\n');
  for (const [name, text] of files) writeFileSync(join(tmp, name), text);
  const old = `${tmp}-old`;
  if (existsSync(dir)) renameSync(dir, old);
  renameSync(tmp, dir);
  rmSync(old, { recursive: true, force: true });
}
