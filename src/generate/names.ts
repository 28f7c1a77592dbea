/** Stable object names that fit Kubernetes limits: the human part, then a short hash when too long. */
import { createHash } from 'node:crypto';

export function shortHash(text: string, length = 8): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** Join parts with '-'; if longer than `max`, cut the human part and append a hash of the full name. */
export function fitName(parts: readonly string[], max = 63): string {
  const full = parts.filter(Boolean).join('-');
  if (full.length <= max) return full;
  const hash = shortHash(full, 6);
  return `${full.slice(0, max - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

/** A path like /var/run/postgresql as a volume name: var-run-postgresql. */
export function volumeNameForPath(path: string): string {
  const name = path.replace(/^\/+|\/+$/g, '').replace(/[^a-z0-9]+/gi, '-').toLowerCase() || 'root';
  return fitName([name], 63);
}

/** Env var prefix for a component name: api-gateway → API_GATEWAY. */
export function envPrefix(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}
