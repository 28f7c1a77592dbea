/** Write one file per object into a directory, all or nothing: build in a sibling temp dir, then swap. */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { K8sObject } from '../k8s/object.js';
import { userError } from '../diagnostics/errors.js';
import { fsError, fsProblem, withFs } from '../diagnostics/fs-error.js';

export interface OutputFile {
  text: string;
  /** Holds credentials: readable by the owner only (0600); other files are 0644. */
  secret?: boolean;
}

export function objectFileName(o: K8sObject, index: number, width: number): string {
  return `${String(index + 1).padStart(width, '0')}-${o.kind.toLowerCase()}-${o.metadata.name}`;
}

const OWNED = /^\d+-[a-z]+-.*\.(yaml|json)$/;
const MARKER = '.slipway-render';

export function writeDirectory(dir: string, files: ReadonlyMap<string, OutputFile>): void {
  const existing = withFs(dir, 'write', () => statSync(dir, { throwIfNoEntry: false }));
  if (existing && !existing.isDirectory()) throw fsProblem(`cannot write ${dir}: it is a file, not a directory`, '--out names a directory; choose a new path or an earlier render', dir);
  if (existing) {
    const foreign = withFs(dir, 'read the directory', () => readdirSync(dir)).filter((f) => !OWNED.test(f) && f !== MARKER);
    if (foreign.length) throw userError(`output directory ${dir} holds files slipway did not write (${foreign.slice(0, 3).join(', ')})`, 'choose an empty or slipway-owned directory', dir);
  }
  const parent = dirname(dir);
  withFs(dir, 'create the directory', () => mkdirSync(parent, { recursive: true }));
  const tmp = join(parent, `.${basename(dir)}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    mkdirSync(tmp);
  } catch (e) {
    // The parent exists (it was just made) and still refuses a new entry: a virtual file system such as /proc.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw fsProblem(`cannot write ${dir}: ${parent} does not accept new files`, 'choose a directory on an ordinary file system', dir);
    // Name the directory asked for, not the temporary one beside it.
    throw fsError(Object.assign(e as NodeJS.ErrnoException, { path: dir }), dir, 'write');
  }
  const old = `${tmp}-old`;
  try {
    writeFileSync(join(tmp, MARKER), 'written by slipway render; the whole folder is replaced on each render\n');
    for (const [name, f] of files) writeFileSync(join(tmp, name), f.text, { mode: f.secret ? 0o600 : 0o644 });
    if (existing) renameSync(dir, old);
    renameSync(tmp, dir);
    rmSync(old, { recursive: true, force: true });
  } catch (e) {
    // Nothing half-written stays behind: the old render (if any) is untouched until the swap.
    if (existing && !existsSync(dir) && existsSync(old)) renameSync(old, dir);
    rmSync(tmp, { recursive: true, force: true });
    throw fsError(e, dir, 'write');
  }
}
