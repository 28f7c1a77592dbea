/** Write one file per object into a directory, all or nothing: build in a sibling temp dir, then swap. */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
const MARKER_HEAD = 'written by slipway render; the whole folder is replaced on each render';

/** Every file below dir, as paths relative to it. */
function filesBelow(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? filesBelow(dir, rel) : [rel];
  });
}

/** Files in an existing output folder that slipway did not write there (the marker lists what it wrote). */
function foreignFiles(dir: string): string[] {
  const marker = join(dir, MARKER);
  const listed = existsSync(marker) ? new Set(withFs(marker, 'read', () => readFileSync(marker, 'utf8')).split('\n').slice(1).filter(Boolean)) : undefined;
  const all = withFs(dir, 'read the directory', () => filesBelow(dir)).filter((f) => f !== MARKER);
  // Folders from before the marker listed its files hold only NN-kind-name files.
  return all.filter((f) => (listed && listed.size ? !listed.has(f) && !OWNED.test(f) : !OWNED.test(f)));
}

export function writeDirectory(dir: string, files: ReadonlyMap<string, OutputFile>): void {
  const existing = withFs(dir, 'write', () => statSync(dir, { throwIfNoEntry: false }));
  if (existing && !existing.isDirectory()) throw fsProblem(`cannot write ${dir}: it is a file, not a directory`, '--out names a directory; choose a new path or an earlier render', dir);
  if (existing) {
    const foreign = foreignFiles(dir);
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
    // The marker lists what was written, so the next render replaces the folder only if nobody added to it.
    writeFileSync(join(tmp, MARKER), `${MARKER_HEAD}\n${[...files.keys()].sort().join('\n')}\n`);
    for (const [name, f] of files) {
      mkdirSync(dirname(join(tmp, name)), { recursive: true });
      writeFileSync(join(tmp, name), f.text, { mode: f.secret ? 0o600 : 0o644 });
    }
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
