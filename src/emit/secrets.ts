/**
 * Generated credentials: the one builder of their Secret objects and the one way their values are made.
 * A password is derived from a per-project key (.slipway/secret.key, or SLIPWAY_SECRET_KEY) and the Secret's
 * identity, so `render --secrets include` and `up` write the same value, a deleted Secret comes back with its
 * old value, and re-rendering never rotates anything. `up` only creates missing Secrets: clusters whose
 * Secrets were made another way (an older slipway, a different key) keep the values they have.
 */
import { createHmac } from 'node:crypto';
import type { K8sObject } from '../k8s/object.js';
import type { GeneratedSecret } from '../model/generated-secret.js';
import { GENERATED_LABEL } from '../model/ownership.js';
import { alnum, shapedValue } from './derive-key.js';

/**
 * 32 bytes → a 32-character alphanumeric password: URL-safe, so it can sit inside a DSN unescaped.
 * (256 bits into a 62-letter alphabet; the slight modulo bias is irrelevant at this length.)
 */
export function passwordFrom(bytes: Uint8Array): string {
  return alnum(bytes);
}

/**
 * The password for one key of a generated Secret: HMAC-SHA256(project key, "slipway/v1/<stack>/<namespace>/<secret>/<key>").
 * Changing this input changes every password users have applied; test/unit/secrets.test.ts pins it.
 */
export function derivePassword(key: Uint8Array, stack: string, secret: Pick<GeneratedSecret, 'namespace' | 'name'>, field: string): string {
  return passwordFrom(createHmac('sha256', key).update(`slipway/v1/${stack}/${secret.namespace}/${secret.name}/${field}`).digest());
}

/** The Secret object of a generated credential, with values from `valueOf` for the generated keys. */
export function generatedSecretObject(secret: GeneratedSecret, valueOf: (field: string) => string): K8sObject {
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(secret.fixed ?? {})) data[k] = Buffer.from(v).toString('base64');
  for (const k of secret.keys) data[k] = Buffer.from(valueOf(k)).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: secret.name, namespace: secret.namespace, labels: { ...secret.labels, [GENERATED_LABEL]: 'true' }, annotations: { [GENERATED_LABEL]: 'true' } },
    type: secret.type ?? 'Opaque',
    data: Object.fromEntries(Object.entries(data).sort(([a], [b]) => a.localeCompare(b))),
  };
}

/** The Secret with values derived from the project key: what both `render --secrets include` and `up` write. */
export function secretObject(stack: string, secret: GeneratedSecret, key: Uint8Array): K8sObject {
  const id = { stack, namespace: secret.namespace, secret: secret.name };
  const values = new Map<string, string>();
  const pending = new Set<string>();
  const valueOf = (field: string): string => {
    const known = values.get(field);
    if (known !== undefined) return known;
    // The secret-shape rule refuses from: cycles before anything is generated; this guards the invariant.
    if (pending.has(field)) throw new Error(`secretObject: key ${field} of ${secret.name} derives from itself`);
    pending.add(field);
    const shape = secret.shapes?.[field];
    const v = shape ? shapedValue(key, id, field, shape, valueOf) : derivePassword(key, stack, secret, field);
    values.set(field, v);
    return v;
  };
  return generatedSecretObject(secret, valueOf);
}
