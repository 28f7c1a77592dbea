/**
 * What a container image is, from its repository name alone: the catalog's own images first (so an analysed
 * PostgreSQL maps onto the postgresql entry), then servers people commonly run next to their apps. Registry
 * hosts, mirrors' path prefixes and tags are ignored: `registry.local/library/postgres:17` is postgres.
 */
import { catalogEntry, catalogTypes } from '../catalog/registry.js';

export interface Recognized {
  /** The family a map groups it under: a catalog type where one fits (postgresql), else a plain name (nacos). */
  family: string;
  /** Whether slipway's catalog can deploy it (then an import can write an infra entry). */
  catalog: boolean;
}

/** Well-known images outside the catalog (and other vendors' builds of catalog servers), by last path segments. */
const KNOWN: readonly [RegExp, string, boolean][] = [
  [/(^|\/)(postgres|postgresql|postgis|timescaledb[-\w]*)$/, 'postgresql', true],
  [/(^|\/)(mysql|mariadb|mysql-server|percona-server)$/, 'mysql', true],
  [/(^|\/)(redis|redis-stack-server|valkey|keydb)$/, 'redis', true],
  [/(^|\/)(kafka|cp-kafka|cp-server|redpanda)$/, 'kafka', true],
  [/(^|\/)(clickhouse-server|clickhouse)$/, 'clickhouse', true],
  [/(^|\/)nacos-server$/, 'nacos', false],
  [/(^|\/)metabase$/, 'metabase', false],
  [/(^|\/)cassandra$/, 'cassandra', false],
  [/(^|\/)yugabyte$/, 'yugabytedb', false],
  [/(^|\/)(mongo|mongodb|mongodb-community-server)$/, 'mongodb', false],
  [/(^|\/)rabbitmq$/, 'rabbitmq', false],
  [/(^|\/)nats$/, 'nats', false],
  [/(^|\/)(elasticsearch|opensearch)$/, 'elasticsearch', false],
  [/(^|\/)(zookeeper|cp-zookeeper)$/, 'zookeeper', false],
  [/(^|\/)memcached$/, 'memcached', false],
  [/(^|\/)minio$/, 'minio', false],
  [/(^|\/)(etcd)$/, 'etcd', false],
  [/(^|\/)prometheus$/, 'prometheus', false],
  [/(^|\/)grafana$/, 'grafana', false],
  [/(^|\/)loki$/, 'loki', false],
  [/(^|\/)opentelemetry-collector[-\w]*$/, 'opentelemetry-collector', false],
];

/** The repository path of an image reference: no registry host, tag or digest. */
export function repositoryOf(image: string): string {
  const noDigest = image.split('@')[0]!;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  const noTag = colon > slash ? noDigest.slice(0, colon) : noDigest;
  const parts = noTag.split('/');
  // A first segment with a dot or port, or "localhost", is a registry host.
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0]!)) parts.shift();
  return parts.join('/');
}

export function recognizeImage(image: string): Recognized | undefined {
  const repo = repositoryOf(image).toLowerCase();
  for (const type of catalogTypes()) {
    const own = catalogEntry(type)!.image;
    if (repo === own || repo === `library/${own}`) return { family: type, catalog: true };
  }
  for (const [pattern, family, catalog] of KNOWN) if (pattern.test(repo)) return { family, catalog };
  return undefined;
}
