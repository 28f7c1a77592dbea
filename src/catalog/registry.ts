/** The catalog: built-in entries plus any the user registers. */
import type { CatalogEntry } from './contract.js';
import { clickhouse } from './clickhouse.js';
import { kafka } from './kafka.js';
import { mysql } from './mysql.js';
import { postgresql } from './postgresql.js';
import { redis } from './redis.js';

const entries = new Map<string, CatalogEntry>([postgresql, mysql, redis, kafka, clickhouse].map((e) => [e.type, e]));

export function catalogEntry(type: string): CatalogEntry | undefined {
  return entries.get(type);
}

export function catalogTypes(): string[] {
  return [...entries.keys()].sort();
}

/** Add or replace a catalog entry (e.g. mongodb) for this process. */
export function registerCatalogEntry(entry: CatalogEntry): void {
  entries.set(entry.type, entry);
}
