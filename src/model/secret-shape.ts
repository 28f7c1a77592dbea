/**
 * What each key of a generated Secret holds, from the stack's `generate:` (a list, or {key: shape}). The one
 * place the user's shape becomes a resolved one, so scope (what ${secrets.x.y} names), the rules and the
 * derivation (emit/derive-key.ts) agree on the keys a Secret has. The default shape — 32 alphanumeric
 * characters — is exactly what a list entry always meant, so existing users' values never change.
 */
import type { Static } from '@sinclair/typebox';
import type { KeyShapeSchema } from './schema-secrets.js';
import type { SecretSpec } from './stack.js';

export type KeyShapeSpec = Static<typeof KeyShapeSchema>;
export type Encoding = 'alnum' | 'hex' | 'base64' | 'base64url';

export type KeyShape =
  /** `length` random characters (alnum) or random bytes (the other encodings). */
  | { kind: 'random'; encoding: Encoding; length: number }
  /** Half of an Ed25519 key pair derived for `of`: the private key in `of`, the public key in `<of>.pub`. */
  | { kind: 'key-pair'; algorithm: 'ed25519'; part: 'private' | 'public'; of: string }
  /** The digest of another key's value. */
  | { kind: 'digest'; from: string; digest: 'sha256' | 'sha512'; encoding: Exclude<Encoding, 'alnum'> };

export const DEFAULT_SHAPE: KeyShape = { kind: 'random', encoding: 'alnum', length: 32 };
export const PUBLIC_SUFFIX = '.pub';

export function isDefaultShape(s: KeyShape): boolean {
  return s.kind === 'random' && s.encoding === 'alnum' && s.length === 32;
}

/** The user's generate: as {key: shape spec}; a list entry is the empty (default) shape. */
export function shapeSpecs(generate: SecretSpec['generate']): Record<string, KeyShapeSpec> {
  if (!generate) return {};
  if (Array.isArray(generate)) return Object.fromEntries(generate.map((k) => [k, {}]));
  return Object.fromEntries(Object.entries(generate).map(([k, v]) => [k, v ?? {}]));
}

/**
 * Every key the Secret will hold, with its shape, sorted by key. Assumes the spec passed the secret-shape rule
 * (a from: naming a key that is not there is that rule's to report); a key pair also yields `<key>.pub`.
 */
export function keyShapes(generate: SecretSpec['generate']): Map<string, KeyShape> {
  const out = new Map<string, KeyShape>();
  for (const [key, spec] of Object.entries(shapeSpecs(generate))) {
    if (spec.keyPair) {
      out.set(key, { kind: 'key-pair', algorithm: spec.keyPair, part: 'private', of: key });
      out.set(key + PUBLIC_SUFFIX, { kind: 'key-pair', algorithm: spec.keyPair, part: 'public', of: key });
    } else if (spec.from !== undefined) {
      out.set(key, { kind: 'digest', from: spec.from, digest: spec.digest ?? 'sha256', encoding: spec.encoding === undefined || spec.encoding === 'alnum' ? 'hex' : spec.encoding });
    } else {
      out.set(key, { kind: 'random', encoding: spec.encoding ?? 'alnum', length: spec.length ?? 32 });
    }
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
