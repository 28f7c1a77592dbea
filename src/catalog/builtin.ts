/** The entries slipway ships, and the catalog every stage uses unless it is given another. */
import { createCatalog } from './catalog.js';
import { clickhouse } from './clickhouse.js';
import { clickhouseKeeper } from './clickhouse-keeper.js';
import type { CatalogEntry } from './contract.js';
import { fluentBit } from './fluent-bit.js';
import { grafana } from './grafana.js';
import { kafka } from './kafka.js';
import { loki } from './loki.js';
import { minio } from './minio.js';
import { mongodb } from './mongodb.js';
import { mysql } from './mysql.js';
import { nacos } from './nacos.js';
import { nats } from './nats.js';
import { opensearch } from './opensearch.js';
import { otelCollector } from './otel-collector.js';
import { postgresql } from './postgresql.js';
import { prometheus } from './prometheus.js';
import { rabbitmq } from './rabbitmq.js';
import { redis } from './redis.js';

export const builtinEntries: readonly CatalogEntry[] = Object.freeze([postgresql, mysql, redis, kafka, clickhouse, clickhouseKeeper, rabbitmq, nats, nacos, mongodb, minio, opensearch, otelCollector, loki, prometheus, grafana, fluentBit]);

export const builtinCatalog = createCatalog(builtinEntries);
