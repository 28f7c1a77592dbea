/**
 * Local (ephemeral) storage of slipway's pods: the sizes resolve applies and the generators write. An emptyDir
 * on disk counts toward its pod's ephemeral storage, so a container's limit must cover the dirs it writes to
 * as well as its own logs and writable layer (generate/resources.ts adds them up).
 */

/** sizeLimit of a writable dir (emptyDir) when the stack gives none. */
export const DEFAULT_WRITABLE_SIZE = '256Mi';

/** A writable scratch dir under the read-only root filesystem. */
export interface WritableDir {
  path: string;
  size: string;
}

/** Every writable dir of a service: /tmp always, then the stack's, one per path (the last size given wins), sorted. */
export function writableDirs(entries: readonly (string | { path: string; size?: string | number })[] = []): WritableDir[] {
  const dirs = new Map<string, string>([['/tmp', DEFAULT_WRITABLE_SIZE]]);
  for (const e of entries) {
    if (typeof e === 'string') dirs.set(e, dirs.get(e) ?? DEFAULT_WRITABLE_SIZE);
    else dirs.set(e.path, e.size === undefined ? DEFAULT_WRITABLE_SIZE : String(e.size));
  }
  return [...dirs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, size]) => ({ path, size }));
}

/** Paths of a stack's writable entries, as written. */
export function writablePaths(entries: readonly (string | { path: string })[] = []): string[] {
  return entries.map((e) => (typeof e === 'string' ? e : e.path));
}
