/**
 * The per-project key that generated passwords derive from. I/O edge: reads or creates .slipway/secret.key,
 * or takes SLIPWAY_SECRET_KEY (for CI). The key is exactly 32 bytes written as 64 hex characters; anything
 * else is refused with the file named, never silently replaced (a new key would mean new passwords).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fsError, withFs } from '../diagnostics/fs-error.js';
import { userError } from '../diagnostics/errors.js';

export const SECRET_KEY_ENV = 'SLIPWAY_SECRET_KEY';
const KEY_TEXT = /^[0-9a-fA-F]{64}$/;
const HINT = 'a key is 64 hex characters (32 bytes), e.g. from: openssl rand -hex 32';

export function secretKeyPath(stackFile: string): string {
  return join(dirname(stackFile), '.slipway', 'secret.key');
}

/** Parse key text (surrounding whitespace allowed); throws a user error naming `where`. */
export function parseSecretKey(text: string, where: string): Uint8Array {
  const trimmed = text.trim();
  if (!KEY_TEXT.test(trimmed)) {
    const what = trimmed.length === 0 ? 'is empty' : `holds ${trimmed.length} characters${/^[0-9a-fA-F]*$/.test(trimmed) ? '' : ' that are not all hex digits'}`;
    throw userError(`secret key ${where} ${what}; expected exactly 64 hex characters`, `${HINT}; restore the original key if it was changed, or passwords of new Secrets will differ`);
  }
  return Buffer.from(trimmed, 'hex');
}

export interface SecretKeyOptions {
  /** Create the key file when missing. @default true */
  create?: boolean;
  /** Where SLIPWAY_SECRET_KEY is read from. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The key from $SLIPWAY_SECRET_KEY, else the project's key file, created on first use (mode 0600). */
export function loadSecretKey(stackFile: string, opts: SecretKeyOptions = {}): Uint8Array {
  const fromEnv = (opts.env ?? process.env)[SECRET_KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return parseSecretKey(fromEnv, `in ${SECRET_KEY_ENV}`);
  const file = secretKeyPath(stackFile);
  const stat = withFs(file, 'read the secret key', () => statSync(file, { throwIfNoEntry: false }));
  if (stat?.isDirectory()) throw userError(`secret key ${file} is a directory`, `move it away; slipway keeps the key in that file (or set ${SECRET_KEY_ENV})`, file);
  if (stat) return parseSecretKey(readKey(file), file);
  if (opts.create === false) throw userError(`no secret key at ${file}`, `set ${SECRET_KEY_ENV} or render once with --secrets include`);
  const key = randomBytes(32);
  try {
    mkdirSync(dirname(file), { recursive: true });
    // Keep the key (and anything else in .slipway/) out of git even if the project's .gitignore forgets it.
    writeFileSync(join(dirname(file), '.gitignore'), '*\n');
    // 'wx': never overwrite a key another process wrote a moment ago.
    writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return parseSecretKey(readKey(file), file);
    throw fsError(e, file, 'create the secret key');
  }
  return key;
}

const readKey = (file: string) => withFs(file, 'read the secret key', () => readFileSync(file, 'utf8'));
