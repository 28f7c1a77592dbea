/**
 * A generated key has one shape: random (length, encoding), a key pair, or derived from another key of the same
 * Secret. Options of one shape on another are refused rather than ignored, a derived key must name a key the
 * Secret generates, and derivations may not go round in a circle (there would be no first value).
 */
import { suggest } from '../../diagnostics/did-you-mean.js';
import type { Issue } from '../../diagnostics/issue.js';
import { keyShapes, PUBLIC_SUFFIX, shapeSpecs } from '../../model/secret-shape.js';
import type { SpecRule } from '../rule.js';
import { shown } from '../shown.js';

export const secretShape: SpecRule = {
  meta: {
    id: 'secret-shape',
    description: 'A generated key is random (length, encoding), a key pair, or derived from another key of its Secret, and derivations end in a generated key',
    remediation: 'keep one shape per key; from: names a key of the same Secret',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    for (const [secret, spec] of Object.entries(stack.secrets ?? {})) {
      const specs = shapeSpecs(spec.generate);
      const keys = [...keyShapes(spec.generate).keys()];
      const at = (key: string, field?: string) => ['secrets', secret, 'generate', key, ...(field ? [field] : [])];
      for (const [key, s] of Object.entries(specs)) {
        const push = (field: string | undefined, message: string, hint: string) => issues.push({ code: 'secret-shape', message, hint, path: at(key, field), ...(field ? {} : { atKey: true }) });
        if (s.keyPair) {
          const extra = (['length', 'encoding', 'from', 'digest'] as const).find((f) => s[f] !== undefined);
          if (extra) push(extra, `key ${shown(key)} is a key pair and takes no ${extra}`, 'a key pair is an Ed25519 private key (PKCS#8 PEM) and its public key; remove ' + extra);
          else if (specs[key + PUBLIC_SUFFIX]) issues.push({ code: 'secret-shape', path: at(key + PUBLIC_SUFFIX), atKey: true, hint: `rename the key pair or ${shown(key + PUBLIC_SUFFIX)}`, message: `key ${shown(key + PUBLIC_SUFFIX)} is declared, but the key pair ${shown(key)} writes its public key there` });
          continue;
        }
        if (s.from === undefined) {
          if (s.digest !== undefined) push('digest', `key ${shown(key)} has a digest but no from:`, 'say which key it is the digest of, e.g. from: token');
          continue;
        }
        if (s.length !== undefined) push('length', `key ${shown(key)} is derived from ${shown(s.from)}; its length is its digest's`, 'remove length, or pick digest: sha512 for a longer value');
        else if (s.encoding === 'alnum') push('encoding', `key ${shown(key)} is a digest, written as hex, base64 or base64url, not alnum`, 'use encoding: hex (the default for derived keys)');
        else if (!keys.includes(s.from)) {
          push('from', `key ${shown(key)} derives from ${shown(s.from)}, which secret ${shown(secret)} does not generate`, suggest(s.from, keys, 'keys of this secret'));
        } else {
          const loop = cycle(specs, key);
          // Reported once, at the loop's first key by name.
          if (loop && key === [...loop].sort()[0]) push('from', `key ${shown(key)} derives from itself (${loop.join(' -> ')})`, 'one key of the chain must be random or a key pair');
        }
      }
    }
    return issues;
  },
};

/** The from: chain starting at `key` when it comes back to `key`. */
function cycle(specs: Record<string, { from?: string | undefined }>, key: string): string[] | undefined {
  const chain = [key];
  for (let next = specs[key]?.from; next !== undefined; next = specs[next]?.from) {
    chain.push(next);
    if (next === key) return chain;
    if (chain.length > Object.keys(specs).length + 1) return undefined;
  }
  return undefined;
}
