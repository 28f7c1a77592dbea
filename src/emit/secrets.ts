/**
 * Generated credentials. A password is derived from a per-project key (kept in .slipway/secret.key, out of
 * git) and the Secret's identity: the same key always gives the same password, so renders, applies and
 * upgrades never rotate it, and `kubectl apply -f` of a render with `--secrets include` works locally.
 * Without `include` the Secret is left out of rendered files; `slipway up` creates it if missing and never
 * overwrites it.
 */
import { createHmac } from 'node:crypto';
import type { GeneratedSecret } from '../catalog/contract.js';
import type { K8sObject } from '../model/k8s.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * 32 bytes → a 32-character alphanumeric password: URL-safe, so it can sit inside a DSN unescaped.
 * (256 bits into a 62-letter alphabet; the slight modulo bias is irrelevant at this length.)
 */
export function passwordFrom(bytes: Uint8Array): string {
  return [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}

/** The password for one key of a generated Secret, derived from the project key: same key, same password. */
export function derivePassword(key: Uint8Array, stack: string, secret: GeneratedSecret, field: string): string {
  return passwordFrom(createHmac('sha256', key).update(`slipway/v1/${stack}/${secret.namespace}/${secret.name}/${field}`).digest());
}

export function secretObject(stack: string, secret: GeneratedSecret, key: Uint8Array): K8sObject {
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(secret.fixed ?? {})) data[k] = Buffer.from(v).toString('base64');
  for (const k of secret.keys) data[k] = Buffer.from(derivePassword(key, stack, secret, k)).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: secret.name, namespace: secret.namespace, labels: secret.labels, annotations: { 'slipway.dev/generated': 'true' } },
    type: 'Opaque',
    data: Object.fromEntries(Object.entries(data).sort(([a], [b]) => a.localeCompare(b))),
  };
}
