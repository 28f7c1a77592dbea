/** An internal infra entry as resolve would hand it to the catalog, for tests of the catalog's own output. */
import { builtinCatalog } from '../src/catalog/builtin.js';
import type { CatalogContext, CatalogEntry } from '../src/catalog/contract.js';
import { defineCatalogEntry, type CatalogEntryDefinition } from '../src/catalog/define.js';
import type { ResolvedInfra } from '../src/model/resolved.js';

export const CATALOG_CTX: CatalogContext = { stack: 'shop', environment: 'dev', namespace: 'shop-dev', profile: 'default' };

export function internalInfra(type: string, over: Partial<ResolvedInfra> = {}): ResolvedInfra {
  const e = builtinCatalog.entry(type)!;
  return {
    name: type,
    type,
    mode: 'internal',
    image: `${e.image}:${e.defaultVersion}`,
    version: e.defaultVersion,
    replicas: 1,
    storage: '5Gi',
    resources: { requests: { cpu: '250m', memory: '512Mi', ephemeral: '256Mi' }, limits: { cpu: '1', memory: '1Gi', ephemeral: '1Gi' } },
    placement: { nodeSelector: {}, tolerations: [] },
    spread: false,
    pull: { secrets: [] },
    database: 'shop',
    user: 'shop',
    databases: [],
    ...over,
  };
}

/** The smallest entry the kit accepts: it runs nothing, for tests of what the kit and validation do around an entry. */
export function echoEntry(over: Partial<CatalogEntryDefinition> = {}): CatalogEntry {
  return defineCatalogEntry({
    type: 'echo',
    description: 'd',
    image: 'acme/echo',
    defaultVersion: '1',
    port: 7,
    env: {},
    connection: () => ({ host: 'h', port: 7, tls: false, values: {} }),
    internal: () => ({ objects: [], secrets: [] }),
    wait: () => ({ name: 'w', image: 'i' }),
    ...over,
  });
}
