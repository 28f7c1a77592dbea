/**
 * Values of shaped keys (model/secret-shape.ts), derived like passwords from the project key so `render
 * --secrets include` and `up` agree and nothing is ever rotated. Bytes come from HKDF-SHA256 over the project
 * key with the Secret's identity and the shape as info: a key whose shape changes gets unrelated bytes, never
 * a prefix of its old value. The default shape keeps the original derivation (emit/secrets.ts derivePassword).
 */
import { createHash, createPrivateKey, createPublicKey, hkdfSync } from 'node:crypto';
import type { KeyShape } from '../model/secret-shape.js';

/** A 32-byte Ed25519 seed inside the fixed PKCS#8 envelope of RFC 8410 (version 0, OID 1.3.101.112, octet string). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export interface KeyIdentity {
  stack: string;
  namespace: string;
  secret: string;
}

function bytes(key: Uint8Array, id: KeyIdentity, field: string, tag: string, length: number): Buffer {
  return Buffer.from(hkdfSync('sha256', key, new Uint8Array(0), `slipway/v1/${id.stack}/${id.namespace}/${id.secret}/${field}#${tag}`, length));
}

/** One character per byte, as passwordFrom does (the modulo bias is below a bit over the whole value). */
export const alnum = (b: Uint8Array) => [...b].map((x) => ALPHABET[x % ALPHABET.length]).join('');

/** The PEM text of an Ed25519 key pair derived for `field`. */
export function ed25519Pair(key: Uint8Array, id: KeyIdentity, field: string): { privatePem: string; publicPem: string } {
  const der = Buffer.concat([ED25519_PKCS8_PREFIX, bytes(key, id, field, 'ed25519', 32)]);
  const priv = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  return { privatePem: priv.export({ format: 'pem', type: 'pkcs8' }) as string, publicPem: createPublicKey(priv).export({ format: 'pem', type: 'spki' }) as string };
}

/** The value of one key with a non-default shape; `valueOf` gives other keys' values (for from:). */
export function shapedValue(key: Uint8Array, id: KeyIdentity, field: string, shape: KeyShape, valueOf: (field: string) => string): string {
  switch (shape.kind) {
    case 'random': {
      const b = bytes(key, id, field, `${shape.encoding}:${shape.length}`, shape.length);
      return shape.encoding === 'alnum' ? alnum(b) : b.toString(shape.encoding);
    }
    case 'key-pair': {
      const pair = ed25519Pair(key, id, shape.of);
      return shape.part === 'private' ? pair.privatePem : pair.publicPem;
    }
    case 'digest':
      return createHash(shape.digest).update(valueOf(shape.from)).digest(shape.encoding);
  }
}
