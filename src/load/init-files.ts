/**
 * Init scripts named by file (`infra.<name>.init: [path | {file: path}]`, in the base stack and in every
 * environment) are read here, next to the stack file, so every later stage stays pure. A file that cannot be
 * read is left out of the map with its reason; resolve reports it at the `file:` line of the stack, like every
 * other mistake in the stack, with exit 2.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { isUtf8 } from 'node:buffer';

/** Path as written → its text, or why it could not be read. */
export type InitFiles = ReadonlyMap<string, { text: string } | { error: string }>;

type Loose = Record<string, unknown> | undefined;

/** Every path written in an init list of the stack data. */
export function initFilePaths(data: unknown): string[] {
  const stack = data as Loose;
  const infraMaps = [stack?.infra, ...Object.values((stack?.environments as Loose) ?? {}).map((e) => (e as Loose)?.infra)];
  const paths = new Set<string>();
  for (const infra of infraMaps) {
    if (!infra || typeof infra !== 'object') continue;
    for (const entry of Object.values(infra as Record<string, unknown>)) {
      const init = (entry as Loose)?.init;
      if (!Array.isArray(init)) continue;
      for (const item of init) {
        const path = typeof item === 'string' ? item : (item as Loose)?.file;
        if (typeof path === 'string' && path) paths.add(path);
      }
    }
  }
  return [...paths].sort();
}

function readOne(path: string, stackFile: string): { text: string } | { error: string } {
  const full = isAbsolute(path) ? path : resolve(dirname(stackFile), path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(full);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'not found' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : `cannot be read (${code ?? String(e)})`;
    return { error: `${why}: ${full}` };
  }
  if (!isUtf8(bytes)) return { error: `is not valid UTF-8 text: ${full}` };
  return { text: bytes.toString('utf8') };
}

/** Read the init files a stack names (relative paths from the stack file's folder). */
export function readInitFiles(data: unknown, stackFile: string): InitFiles {
  return new Map(initFilePaths(data).map((p) => [p, readOne(p, stackFile)]));
}
