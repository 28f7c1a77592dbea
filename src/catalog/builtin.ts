/** The entries slipway ships, and the catalog every stage uses unless it is given another. */
import { createCatalog } from './catalog.js';
import { clickhouse } from './clickhouse.js';
import type { CatalogEntry } from './contract.js';
import { grafana } from './grafana.js';
import { kafka } from './kafka.js';
import { minio } from './minio.js';
import { mongodb } from './mongodb.js';
import { mysql } from './mysql.js';
import { nacos } from './nacos.js';
import { nats } from './nats.js';
import { opensearch } from './opensearch.js';
import { postgresql } from './postgresql.js';
import { rabbitmq } from './rabbitmq.js';
import { redis } from './redis.js';

export const builtinEntries: readonly CatalogEntry[] = Object.freeze([postgresql, mysql, redis, kafka, clickhouse, rabbitmq, nats, nacos, mongodb, minio, opensearch, grafana]);

export const builtinCatalog = createCatalog(builtinEntries);
