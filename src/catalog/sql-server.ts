/**
 * The preset of SQL servers (postgresql, mysql): the DATABASE_* variables, own databases per user, and the
 * connection every SQL entry shares — only the URL differs between them.
 */
import type { TObject } from '@sinclair/typebox';
import type { ResolvedInfra } from '../model/resolved.js';
import type { CatalogContext, CatalogEntry } from './contract.js';
import { SQL_ENV, sqlConnection } from './common.js';
import { defineCatalogEntry, type CatalogEntryDefinition } from './define.js';

/** The parts of a SQL connection a URL is written from. */
export interface SqlUrlParts {
  host: string;
  port: number;
  user: string;
  database: string;
  tls: boolean;
}

export interface SqlServerDefinition<O extends TObject> extends Omit<CatalogEntryDefinition<O>, 'env' | 'supportsDatabases' | 'connection'> {
  /** The `url` users get; `{password}` marks where the password goes. */
  url(c: SqlUrlParts): string;
  /** Host of an internal instance when it is not the client Service (an operator's primary Service). */
  internalHost?(infra: ResolvedInfra, ctx: CatalogContext): string | undefined;
}

export function sqlServer<O extends TObject = TObject>(def: SqlServerDefinition<O>): CatalogEntry {
  const { url, internalHost, ...rest } = def;
  return defineCatalogEntry<O>({
    ...rest,
    env: SQL_ENV,
    supportsDatabases: true,
    connection: (infra, ctx, database) => sqlConnection(infra, ctx, database, def.port, url, internalHost?.(infra, ctx)),
  });
}
