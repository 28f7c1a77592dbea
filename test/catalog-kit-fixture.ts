/**
 * The third-party entry package in test/fixtures/catalog-kit-entry, installed the way `npm install` installs its
 * `file:` dependency: node_modules/slipway is a link to this repository. Its imports then resolve through
 * slipway's package.json `exports`, exactly as in a project that depends on slipway.
 */
import { existsSync, mkdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CatalogEntry } from '../src/catalog/contract.js';

export const FIXTURE_DIR = resolve('test/fixtures/catalog-kit-entry');
export const FIXTURE_MODULE = join(FIXTURE_DIR, 'index.js');

export function installFixture(): string {
  const modules = join(FIXTURE_DIR, 'node_modules');
  const link = join(modules, 'slipway');
  mkdirSync(modules, { recursive: true });
  if (!existsSync(link)) {
    try {
      symlinkSync(resolve('.'), link, 'dir');
    } catch (e) {
      // Another test process linked it first.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  if (resolve(modules, readlinkSync(link)) !== resolve('.')) throw new Error(`${link} points elsewhere`);
  return FIXTURE_MODULE;
}

export async function memcachedEntry(): Promise<CatalogEntry> {
  const mod = (await import(pathToFileURL(installFixture()).href)) as { default: CatalogEntry };
  return mod.default;
}
