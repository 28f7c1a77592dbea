/**
 * Filesystem failures are the user's environment, not slipway's bug: one user error with the path, what
 * slipway was doing and the cause in words (exit 2). Anything that is not a filesystem error passes through.
 */
import { SlipwayError } from './errors.js';

const CAUSES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EEXIST: 'it already exists',
  ENOTEMPTY: 'the directory is not empty',
  EBUSY: 'it is busy',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EINVAL: 'the system refused the operation here',
  EXDEV: 'it is on another file system',
  EIO: 'an input/output error',
};

export function isFsError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && (e as NodeJS.ErrnoException).code! in CAUSES && 'syscall' in e;
}

/** `cannot <doing> <path>: <cause>` as a user error; a SlipwayError or a non-filesystem error is returned as is. */
export function fsError(e: unknown, path: string, doing: string): Error {
  if (e instanceof SlipwayError || !isFsError(e)) return e instanceof Error ? e : new Error(String(e));
  const cause = CAUSES[e.code!] ?? e.code!;
  const at = e.path && e.path !== path ? ` (at ${e.path})` : '';
  return fsProblem(`cannot ${doing} ${path}: ${cause}${at}`, hintFor(e.code!), path);
}

/** Run a filesystem call; a failure of it becomes `fsError(e, path, doing)`. */
export function withFs<T>(path: string, doing: string, body: () => T): T {
  try {
    return body();
  } catch (e) {
    throw fsError(e, path, doing);
  }
}

/** A filesystem problem slipway found itself (a file where a directory must be): same code and shape. */
export function fsProblem(message: string, hint: string, path: string): SlipwayError {
  return new SlipwayError([{ code: 'filesystem', message, hint, path: '', file: path }]);
}

function hintFor(code: string): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'choose a place you can write to, or fix its permissions';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'free some space, or choose another place';
    case 'ENOTDIR':
    case 'EISDIR':
    case 'EEXIST':
      return 'the path names something of another type; choose another path or move that away';
    default:
      return 'check the path and try again';
  }
}
