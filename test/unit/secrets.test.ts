/** Generated credentials: the derivation is pinned, and the key file is validated, never silently replaced. */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SlipwayError } from '../../src/diagnostics/errors.js';
import { derivePassword, secretObject } from '../../src/emit/secrets.js';
import { loadSecretKey, secretKeyPath } from '../../src/emit/secret-key.js';
import { tempDir } from '../helpers.js';

const KEY = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const SECRET = { name: 'db-credentials', namespace: 'shop-dev', labels: {}, keys: ['password'] };

test('known answer: the derivation of a password never changes (users apply renders with it)', () => {
  // Computed outside slipway (Python hmac): HMAC-SHA256(key, "slipway/v1/shop/shop-dev/db-credentials/password"), each byte mod 62 into A-Za-z0-9.
  assert.equal(derivePassword(KEY, 'shop', SECRET, 'password'), KNOWN);
  assert.notEqual(derivePassword(KEY, 'shop', SECRET, 'other'), KNOWN);
  assert.notEqual(derivePassword(KEY, 'shop', { ...SECRET, namespace: 'shop-prod' }, 'password'), KNOWN);
  const o = secretObject('shop', { ...SECRET, fixed: { username: 'shop' } }, KEY) as unknown as { data: Record<string, string>; metadata: { labels: Record<string, string> } };
  assert.equal(Buffer.from(o.data.password!, 'base64').toString(), KNOWN);
  assert.equal(Buffer.from(o.data.username!, 'base64').toString(), 'shop');
  assert.equal(o.metadata.labels['slipway.dev/generated'], 'true');
});
const KNOWN = 'F1DN18U52v4DAA49JZwbeGitcRukcXdu';

function stackIn(dir: string): string {
  const file = join(dir, 'slipway.yaml');
  writeFileSync(file, 'name: x\n');
  return file;
}

const refused = (fn: () => unknown, pattern: RegExp) =>
  assert.throws(fn, (e: unknown) => e instanceof SlipwayError && e.exitCode === 2 && pattern.test(e.diagnostics[0]!.message));

test('a new key file is created once, 0600, with its own .gitignore, and read back the same', () => {
  const file = stackIn(tempDir());
  const a = loadSecretKey(file, { env: {} });
  assert.equal(a.length, 32);
  assert.equal(statSync(secretKeyPath(file)).mode & 0o777, 0o600);
  assert.equal(readFileSync(join(secretKeyPath(file), '..', '.gitignore'), 'utf8'), '*\n');
  assert.deepEqual(loadSecretKey(file, { env: {} }), a);
});

test('an empty, short, non-hex or directory key file is refused with the file named', () => {
  for (const [text, pattern] of [['', /is empty/], ['abc\n', /holds 3 characters/], [`${'zz'.repeat(32)}\n`, /not all hex/], [`${'ab'.repeat(33)}`, /holds 66 characters/]] as const) {
    const file = stackIn(tempDir());
    mkdirSync(join(file, '..', '.slipway'));
    writeFileSync(secretKeyPath(file), text);
    refused(() => loadSecretKey(file, { env: {} }), pattern);
    // Never replaced: the bad file is still what the user left there.
    assert.equal(readFileSync(secretKeyPath(file), 'utf8'), text);
  }
  const file = stackIn(tempDir());
  mkdirSync(secretKeyPath(file), { recursive: true });
  refused(() => loadSecretKey(file, { env: {} }), /is a directory/);
});

test('SLIPWAY_SECRET_KEY wins over the file and is validated', () => {
  const file = stackIn(tempDir());
  assert.equal(Buffer.from(loadSecretKey(file, { env: { SLIPWAY_SECRET_KEY: KEY.toString('hex') } })).toString('hex'), KEY.toString('hex'));
  refused(() => loadSecretKey(file, { env: { SLIPWAY_SECRET_KEY: 'nothex' } }), /SLIPWAY_SECRET_KEY/);
});
