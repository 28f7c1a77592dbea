/**
 * Shaped generated keys: each derivation is pinned by a known answer computed outside slipway (Python's hmac
 * for HKDF-SHA256, openssl for the Ed25519 PEM), the list form and the default shape keep the original
 * password, key pairs sign and verify, and `secrets:` overlays per environment merge as documented.
 */
import assert from 'node:assert/strict';
import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { test } from 'node:test';
import { renderStack } from '../../src/commands/render.js';
import { parseStack } from '../../src/load/load-stack.js';
import { mergeSecrets } from '../../src/resolve/merge-environment.js';

const KEY = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');

/** The decoded data of every generated Secret in the render, by Secret name. */
function secretsOf(stackText: string, environment?: string, key: Uint8Array = KEY): Record<string, Record<string, string>> {
  const r = renderStack(parseStack(stackText, 'slipway.yaml'), { secrets: 'include', secretKey: key, ...(environment ? { environment } : {}) });
  const out: Record<string, Record<string, string>> = {};
  for (const o of r.objects.filter((x) => x.kind === 'Secret')) {
    const data = (o as unknown as { data: Record<string, string> }).data;
    out[o.metadata.name] = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
  }
  return out;
}

const stack = (secret: string, generate: string) => `name: shop
namespace: shop-dev
secrets:
  ${secret}: {generate: ${generate}}
services:
  api:
    image: ghcr.io/acme/api:1.0.0
`;

test('the default shape is the original password: list, null, {} and {length: 32, encoding: alnum} all give the pinned value', () => {
  // The same key, stack, namespace, Secret and field as the known answer in test/unit/secrets.test.ts.
  for (const g of ['[password]', '{password: null}', '{password: {}}', '{password: {length: 32, encoding: alnum}}']) {
    assert.equal(secretsOf(stack('db-credentials', g))['db-credentials']?.password, 'F1DN18U52v4DAA49JZwbeGitcRukcXdu', g);
  }
});

test('known answers: random shapes are HKDF-SHA256 bytes of the project key, per key and shape', () => {
  const app = secretsOf(
    stack('app', '{secret_key_base: {length: 64, encoding: hex}, token: {length: 24, encoding: base64url}, token-sha256: {from: token}, pin: {length: 40}, b: {length: 16, encoding: base64}}'),
  ).app!;
  // Computed outside slipway: HKDF-SHA256(ikm = project key, salt = "", info = "slipway/v1/shop/shop-dev/app/<key>#<encoding>:<length>").
  assert.equal(app.secret_key_base, '1c6f9b67e69ff13ef04841094969ebff4e7c8b60ed594ff184b085bcddc5a159e6230d30cc5df950d6d23c86cef965ab929c494fd3f170e132b220dd6bda2598');
  assert.equal(app.token, 'BVxMy48medlzE1XKgXQo7PYlhcu9olqD');
  assert.equal(app['token-sha256'], '107047646838a2ea5381cd7eb921d37aa70a3c526c72a5ad43228d3ace4d63a7');
  assert.equal(app.pin, 'FSFt6w2bNBp5BUponzZA5trlFELcXVyfBGYdcP6t');
  assert.equal(app.b, 'APVUauAy7qT8yICCV712cQ==');
  // The same project key gives the same values; another key gives others.
  assert.deepEqual(secretsOf(stack('app', '{secret_key_base: {length: 64, encoding: hex}}')).app!.secret_key_base, app.secret_key_base);
  const other = Buffer.alloc(32, 7);
  assert.notEqual(secretsOf(stack('app', '{secret_key_base: {length: 64, encoding: hex}}'), undefined, other).app!.secret_key_base, app.secret_key_base);
  // A changed shape is a new value, not a prefix of the old one.
  const shorter = secretsOf(stack('app', '{secret_key_base: {length: 32, encoding: hex}}')).app!.secret_key_base!;
  assert.equal(shorter.length, 64);
  assert.ok(!app.secret_key_base!.startsWith(shorter));
});

test('a key pair is an Ed25519 PKCS#8 private key and its SPKI public key, derived, that sign and verify', () => {
  const app = secretsOf(stack('app', '{signing: {keyPair: ed25519}, signing-fingerprint: {from: signing.pub, digest: sha512, encoding: base64}}')).app!;
  // openssl pkey over the PKCS#8 DER of the HKDF seed (info ".../app/signing#ed25519") prints exactly these.
  assert.equal(app.signing, '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIOnpf0VI0tuZdZwRNWmbJMMh5O3NTiDhNCcKfcHtdwB8\n-----END PRIVATE KEY-----\n');
  assert.equal(app['signing.pub'], '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAV4awtojPljXcHl5peWMzqvdZ7dDy1tNWLH9+eWu1xV0=\n-----END PUBLIC KEY-----\n');
  const message = Buffer.from('deploy 42');
  const signature = sign(null, message, createPrivateKey(app.signing!));
  assert.ok(verify(null, message, createPublicKey(app['signing.pub']!), signature));
  assert.ok(!verify(null, Buffer.from('deploy 43'), createPublicKey(app['signing.pub']!), signature));
  assert.equal(app['signing-fingerprint'], createHash('sha512').update(app['signing.pub']!).digest('base64'));
});

test('${secrets.<name>.<key>.pub} reaches a container through a secretKeyRef', () => {
  const text = `${stack('app', '{signing: {keyPair: ed25519}}')}    env: {VERIFY_KEY: "\${secrets.app.signing.pub}"}\n`;
  const r = renderStack(parseStack(text, 'slipway.yaml'));
  const dep = r.objects.find((o) => o.kind === 'Deployment') as unknown as { spec: { template: { spec: { containers: { env: unknown[] }[] } } } };
  assert.deepEqual(dep.spec.template.spec.containers[0]!.env.find((e) => (e as { name: string }).name === 'VERIFY_KEY'), {
    name: 'VERIFY_KEY',
    valueFrom: { secretKeyRef: { name: 'app', key: 'signing.pub' } },
  });
  // Without --secrets include the values stay out of the render.
  assert.ok(!r.text.includes('PRIVATE KEY'));
  assert.equal(r.omittedSecrets[0]?.keys.join(','), 'signing,signing.pub');
});

test('secrets: per environment: a Secret only in prod, a different shape there, an existing one there', () => {
  const text = `name: shop
secrets:
  app: {generate: [session, csrf]}
  mail: {generate: [password]}
services:
  api:
    image: ghcr.io/acme/api:1.0.0
environments:
  dev: {}
  prod:
    secrets:
      app: {generate: {session: {length: 64, encoding: hex}}}
      audit: {generate: {key: {length: 32, encoding: base64}}}
      mail: {existing: true}
`;
  const dev = secretsOf(text, 'dev');
  const prod = secretsOf(text, 'prod');
  assert.deepEqual(Object.keys(dev).sort(), ['app', 'mail']);
  assert.deepEqual(Object.keys(prod).sort(), ['app', 'audit']);
  assert.match(dev.app!.session!, /^[A-Za-z0-9]{32}$/);
  assert.match(prod.app!.session!, /^[0-9a-f]{128}$/);
  // The map overlay keeps the base list's other keys, in their default shape.
  assert.match(prod.app!.csrf!, /^[A-Za-z0-9]{32}$/);
  assert.equal(Buffer.from(prod.audit!.key!, 'base64').length, 32);
});

test('mergeSecrets: a list replaces, a map merges per key, existing and generate switch who makes the Secret', () => {
  const base = { app: { generate: ['a', 'b'] }, ext: { existing: true } };
  assert.deepEqual(mergeSecrets(base, { app: { generate: ['c'] } }).app, { generate: ['c'] });
  assert.deepEqual(mergeSecrets(base, { app: { generate: { b: { length: 64 } } } }).app, { generate: { a: {}, b: { length: 64 } } });
  assert.deepEqual(mergeSecrets(base, { app: { existing: true } }).app, { existing: true });
  assert.deepEqual(mergeSecrets(base, { ext: { generate: ['x'] } }).ext, { generate: ['x'] });
  assert.deepEqual(mergeSecrets(base, { new: { generate: ['n'] } }).new, { generate: ['n'] });
  assert.deepEqual(mergeSecrets(base, {}), base);
});
