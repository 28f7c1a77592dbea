/**
 * The client each infra type is reached with, and how it is told where and as whom: host, port, user and database
 * as arguments or environment, the password only through the environment variable the client reads itself, so
 * it never appears on a command line (visible in `ps`) or in output.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Connection } from '../model/resolved.js';

export interface ShellCommand {
  program: string;
  args: string[];
  /** Added to the environment; may hold the password. */
  env: Record<string, string>;
}

type Builder = (c: Connection, port: number, password: string | undefined) => ShellCommand;

const pw = (name: string, password: string | undefined): Record<string, string> => (password === undefined ? {} : { [name]: password });

const CLIENTS: Record<string, Builder> = {
  postgresql: (c, port, password) => ({
    program: 'psql',
    args: [],
    env: { PGHOST: '127.0.0.1', PGPORT: String(port), ...(c.user ? { PGUSER: c.user } : {}), ...(c.database ? { PGDATABASE: c.database } : {}), ...pw('PGPASSWORD', password) },
  }),
  mysql: (c, port, password) => ({ program: 'mysql', args: ['-h', '127.0.0.1', '-P', String(port), ...(c.user ? ['-u', c.user] : []), ...(c.database ? [c.database] : [])], env: pw('MYSQL_PWD', password) }),
  redis: (_c, port, password) => ({ program: 'redis-cli', args: ['-h', '127.0.0.1', '-p', String(port)], env: pw('REDISCLI_AUTH', password) }),
  clickhouse: (c, port, password) => ({
    program: 'clickhouse-client',
    args: ['--host', '127.0.0.1', '--port', String(port), ...(c.user ? ['--user', c.user] : []), ...(c.database ? ['--database', c.database] : [])],
    env: pw('CLICKHOUSE_PASSWORD', password),
  }),
};

/** The client command for an infra type, or undefined when slipway knows none (kafka's tools take no single address). */
export function shellFor(type: string, conn: Connection, port: number, password: string | undefined): ShellCommand | undefined {
  return CLIENTS[type]?.(conn, port, password);
}

/** Where `program` is on PATH, if anywhere. */
export function onPath(program: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const file = join(dir, program);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

/** The connection URL at the local end of the forward; the password shown only when given. */
export function localUrl(conn: Connection, port: number, password: string | undefined): string | undefined {
  if (!conn.url) return undefined;
  const url = conn.url.split(`${conn.host}:${conn.port}`).join(`127.0.0.1:${port}`);
  return url.split('{password}').join(password === undefined ? '***' : encodeURIComponent(password));
}
