/** The per-project key that generated passwords derive from. I/O edge: reads or creates .slipway/secret.key. */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { userError } from '../errors/slipway-error.js';

export const SECRET_KEY_ENV = 'SLIPWAY_SECRET_KEY';

export function secretKeyPath(stackFile: string): string {
  return join(dirname(stackFile), '.slipway', 'secret.key');
}

/** The key from $SLIPWAY_SECRET_KEY (hex), else the project's key file, created on first use. */
export function loadSecretKey(stackFile: string, create = true): Uint8Array {
  const fromEnv = process.env[SECRET_KEY_ENV];
  if (fromEnv) {
    if (!/^[0-9a-fA-F]{64}$/.test(fromEnv.trim())) throw userError(`${SECRET_KEY_ENV} must be 64 hex characters`, 'generate one with: openssl rand -hex 32');
    return Buffer.from(fromEnv.trim(), 'hex');
  }
  const file = secretKeyPath(stackFile);
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  if (!create) throw userError(`no secret key at ${file}`, `set ${SECRET_KEY_ENV} or render once with --secrets include`);
  mkdirSync(dirname(file), { recursive: true });
  // Keep the key (and anything else in .slipway/) out of git even if the project's .gitignore forgets it.
  writeFileSync(join(dirname(file), '.gitignore'), '*\n');
  writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}
