/**
 * What a container image is, from its repository name alone: whatever the catalog in use recognises (each
 * entry's recognize(): its official image, then other builds of the same server), then servers people
 * commonly run next to their apps. Registry hosts, mirrors' path prefixes and tags are ignored:
 * `registry.local/library/postgres:17` is postgres.
 */
import type { Catalog } from '../catalog/catalog.js';
import { builtinCatalog } from '../catalog/builtin.js';
import { repositoryOf } from '../catalog/image-repository.js';

export { repositoryOf } from '../catalog/image-repository.js';

export interface Recognized {
  /** The family a map groups it under: a catalog type where one fits (postgresql), else a plain name (nacos). */
  family: string;
  /** Whether slipway's catalog can deploy it (then an import can write an infra entry). */
  catalog: boolean;
}

/** Well-known images outside the catalog, by last path segments (a catalog entry may claim any of them first). */
const KNOWN: readonly [RegExp, string][] = [
  [/(^|\/)nacos-server$/, 'nacos'],
  [/(^|\/)metabase$/, 'metabase'],
  [/(^|\/)cassandra$/, 'cassandra'],
  [/(^|\/)yugabyte$/, 'yugabytedb'],
  [/(^|\/)(mongo|mongodb|mongodb-community-server)$/, 'mongodb'],
  [/(^|\/)rabbitmq$/, 'rabbitmq'],
  [/(^|\/)nats$/, 'nats'],
  [/(^|\/)(elasticsearch|opensearch)$/, 'elasticsearch'],
  [/(^|\/)(zookeeper|cp-zookeeper)$/, 'zookeeper'],
  [/(^|\/)memcached$/, 'memcached'],
  [/(^|\/)minio$/, 'minio'],
  [/(^|\/)(etcd)$/, 'etcd'],
  [/(^|\/)prometheus$/, 'prometheus'],
  [/(^|\/)grafana$/, 'grafana'],
  [/(^|\/)loki$/, 'loki'],
  [/(^|\/)opentelemetry-collector[-\w]*$/, 'opentelemetry-collector'],
];

export function recognizeImage(image: string, catalog: Catalog = builtinCatalog): Recognized | undefined {
  const match = catalog.recognize(image);
  if (match) return { family: match.entry.type, catalog: true };
  const repo = repositoryOf(image).toLowerCase();
  for (const [pattern, family] of KNOWN) if (pattern.test(repo)) return { family, catalog: false };
  return undefined;
}
