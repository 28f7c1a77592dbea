/**
 * One credential model against the real API server: `up` and `render --secrets include` derive the same values
 * from the project key, so applying a render after `up` changes nothing; a deleted generated Secret comes back
 * with its old value; an existing Secret (made by an older slipway, by hand) is never overwritten.
 */
import assert from 'node:assert/strict';
import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { slipway, tempDir } from '../helpers.js';
import { dropNamespace, kubectl, kubectlOk, namespaceName } from './kube.js';

const STACK = `name: creds
secrets:
  admin: {generate: [password, token]}
services:
  api:
    image: ghcr.io/acme/api:1.0.0
    ports: {http: 8080}
    env: {ADMIN_PASSWORD: "\${secrets.admin.password}"}
    uses: [db]
infra:
  db: {type: postgresql}
`;

/** The decoded data of a Secret: read by the test only, never printed. */
function secretData(ns: string, name: string): { data: Record<string, string>; resourceVersion: string } {
  const s = JSON.parse(kubectlOk(['get', 'secret', name, '-n', ns, '-o', 'json'])) as { data: Record<string, string>; metadata: { resourceVersion: string } };
  return { data: Object.fromEntries(Object.entries(s.data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()])), resourceVersion: s.metadata.resourceVersion };
}

test('up and render --secrets include agree; deleted credentials come back unchanged; existing ones are kept', () => {
  const ns = namespaceName('creds');
  const dir = tempDir();
  const file = join(dir, 'slipway.yaml');
  writeFileSync(file, STACK);
  const env = { SLIPWAY_SECRET_KEY: '' };
  const up = slipway(['up', '-f', file, '-n', ns], { env });
  assert.equal(up.status, 0, up.stderr + up.stdout);
  const db = secretData(ns, 'db-credentials');
  const admin = secretData(ns, 'admin');
  assert.match(db.data.password!, /^[A-Za-z0-9]{32}$/);
  assert.match(admin.data.token!, /^[A-Za-z0-9]{32}$/);
  assert.notEqual(admin.data.password, admin.data.token);
  for (const v of [db.data.password!, admin.data.password!]) assert.ok(!(up.stdout + up.stderr).includes(v), 'no secret value is printed');

  // The render with values, applied by kubectl, is a no-op for the credentials up created.
  const render = slipway(['render', file, '-n', ns, '--secrets', 'include']);
  assert.equal(render.status, 0, render.stderr);
  const applied = kubectl(['apply', '-f', '-'], render.stdout);
  assert.equal(applied.status, 0, applied.stderr);
  // (kubectl's client-side apply reports "configured" while it adds its last-applied annotation; the data is what matters.)
  assert.match(applied.stdout, /secret\/db-credentials (configured|unchanged)/);
  assert.deepEqual(secretData(ns, 'db-credentials').data, db.data);
  assert.deepEqual(secretData(ns, 'admin').data, admin.data);

  // Deleted by mistake: the next up recreates it with the same value (the database still has that password).
  kubectlOk(['delete', 'secret', 'db-credentials', '-n', ns]);
  const again = slipway(['up', '-f', file, '-n', ns], { env });
  assert.equal(again.status, 0, again.stderr + again.stdout);
  assert.match(again.stdout, /generated Secret db-credentials/);
  assert.deepEqual(secretData(ns, 'db-credentials').data, db.data);

  // A Secret whose value came from elsewhere (an older slipway's random value) is kept as it is.
  kubectlOk(['create', 'secret', 'generic', 'admin-old', '-n', ns, '--from-literal=x=y']);
  kubectlOk(['patch', 'secret', 'admin', '-n', ns, '--type=merge', '-p', JSON.stringify({ data: { password: Buffer.from('kept-by-the-cluster').toString('base64') } })]);
  const kept = slipway(['up', '-f', file, '-n', ns], { env });
  assert.equal(kept.status, 0, kept.stderr + kept.stdout);
  assert.equal(secretData(ns, 'admin').data.password, 'kept-by-the-cluster');
  dropNamespace(ns);
});

test('a broken key file stops up before anything is written to the cluster', () => {
  const ns = namespaceName('creds-key');
  const dir = tempDir();
  const file = join(dir, 'slipway.yaml');
  writeFileSync(file, STACK);
  mkdirSync(join(dir, '.slipway'));
  writeFileSync(join(dir, '.slipway', 'secret.key'), '');
  const r = slipway(['up', '-f', file, '-n', ns], { env: { SLIPWAY_SECRET_KEY: '' } });
  assert.equal(r.status, 2, r.stderr + r.stdout);
  assert.match(r.stderr, /secret key .*secret\.key is empty/);
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace');
  assert.notEqual(kubectl(['get', 'namespace', ns]).status, 0, 'nothing was created');
});

test('up writes shaped keys (hex key base, Ed25519 pair, digest) as render derives them, a second up never rotates them, a new key is added alone', () => {
  const ns = namespaceName('creds-shapes');
  const file = join(tempDir(), 'slipway.yaml');
  writeFileSync(
    file,
    `name: shapes
secrets:
  rails:
    generate:
      secret_key_base: {length: 64, encoding: hex}
      signing: {keyPair: ed25519}
      signing-sha256: {from: signing.pub}
      password: null
services:
  web:
    image: ghcr.io/acme/web:1.0.0
    env:
      SECRET_KEY_BASE: "\${secrets.rails.secret_key_base}"
      SIGNING_KEY: "\${secrets.rails.signing}"
`,
  );
  const env = { SLIPWAY_SECRET_KEY: '' };
  const up = slipway(['up', '-f', file, '-n', ns], { env });
  assert.equal(up.status, 0, up.stderr + up.stdout);
  const first = secretData(ns, 'rails');
  assert.match(first.data.secret_key_base!, /^[0-9a-f]{128}$/);
  assert.match(first.data.password!, /^[A-Za-z0-9]{32}$/);
  const message = Buffer.from('hello');
  assert.ok(verify(null, message, createPublicKey(first.data['signing.pub']!), sign(null, message, createPrivateKey(first.data.signing!))), 'the pair signs and verifies');
  assert.equal(first.data['signing-sha256'], createHash('sha256').update(first.data['signing.pub']!).digest('hex'));
  for (const v of Object.values(first.data)) assert.ok(!(up.stdout + up.stderr).includes(v), 'no secret value is printed');

  // The render with values holds exactly what up wrote.
  const render = slipway(['render', file, '-n', ns, '--secrets', 'include', '-o', 'json']);
  assert.equal(render.status, 0, render.stderr);
  const rendered = (JSON.parse(render.stdout) as { items: { kind: string; metadata: { name: string }; data: Record<string, string> }[] }).items.find((o) => o.kind === 'Secret' && o.metadata.name === 'rails')!;
  assert.deepEqual(Object.fromEntries(Object.entries(rendered.data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()])), first.data);

  const again = slipway(['up', '-f', file, '-n', ns], { env });
  assert.equal(again.status, 0, again.stderr + again.stdout);
  assert.deepEqual(secretData(ns, 'rails'), first, 'same data, same resourceVersion: never rotated or rewritten');

  // A key added to the stack later is added to the live Secret; the keys it had keep their values.
  writeFileSync(file, readFileSync(file, 'utf8').replace('      password: null\n', '      password: null\n      api-token: {length: 24, encoding: base64url}\n'));
  const added = slipway(['up', '-f', file, '-n', ns], { env });
  assert.equal(added.status, 0, added.stderr + added.stdout);
  assert.match(added.stdout, /generated api-token in Secret rails/);
  const after = secretData(ns, 'rails').data;
  assert.match(after['api-token']!, /^[A-Za-z0-9_-]{32}$/);
  assert.deepEqual({ ...after, 'api-token': undefined }, { ...first.data, 'api-token': undefined });
  assert.ok(!(added.stdout + added.stderr).includes(after['api-token']!), 'no secret value is printed');
  dropNamespace(ns);
});
