/**
 * ClickHouse's options: files for config.d (server settings) and users.d (users, profiles, quotas), which the
 * server merges over config.xml and users.xml in name order (clickhouse.com/docs/operations/configuration-files;
 * the image's docs mount custom files the same way: "-v …/config.xml:/etc/clickhouse-server/config.d/config.xml").
 * Each file is mounted on its own with subPath: config.d holds the image's docker_related_config.xml (listen
 * addresses) and slipway's logging file, users.d the entrypoint's default-user.xml, and both must stay.
 *
 * A file that is not well-formed XML (or YAML) stops the server at start, so it is refused at validate, with the
 * line and column inside the file, using saxes (a conformant, non-validating XML parser).
 */
import { createRequire } from 'node:module';
import type { TObject, TOptional, TRecord, TString } from '@sinclair/typebox';
import type { FileProblem, InfraConfig } from './infra-config.js';

export const CONFIG_D = '/etc/clickhouse-server/config.d';
export const USERS_D = '/etc/clickhouse-server/users.d';

/** The server reads .xml, .yaml and .yml files from both directories. */
const FILE_NAME = '^[A-Za-z0-9_][A-Za-z0-9._-]*\\.(xml|yaml|yml)$';
type Files = TOptional<TRecord<TString, TString>>;
type ClickhouseOptionsSchema = TObject<{ configD: Files; usersD: Files; keeper: TOptional<TString> }>;

const files = (dir: string, what: string) => ({
  type: 'object',
  description: `Files for ${dir} (${what}): file name → content, XML with a <clickhouse> root or YAML`,
  propertyNames: { pattern: FILE_NAME, errorMessage: 'must be a file name ending in .xml, .yaml or .yml' },
  additionalProperties: { type: 'string' },
});

/** Plain JSON Schema typed as its TypeBox equivalent (see redis.ts: TypeBox stays off the CLI's start-up path). */
export const ClickhouseOptions = {
  type: 'object',
  additionalProperties: false,
  properties: {
    configD: files(CONFIG_D, 'server settings, remote_servers, macros'),
    usersD: files(USERS_D, 'users, profiles, quotas'),
    keeper: {
      type: 'string',
      minLength: 1,
      description:
        'A clickhouse-keeper infra entry of this stack the replicas coordinate through: the servers get its members as <zookeeper>, the macros {cluster}, {shard} and {replica}, and a cluster `default` over every replica. Required with replicas above 1. @default no Keeper (a single server)',
    },
  },
} as unknown as ClickhouseOptionsSchema;

type Options = { configD?: Record<string, string>; usersD?: Record<string, string>; keeper?: string };

export function clickhouseConfig(options: Options): InfraConfig {
  const of = (dir: string, key: 'configD' | 'usersD') =>
    Object.entries(options[key] ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, content]) => ({ path: `${dir}/${name}`, content, at: ['options', key, name] }));
  return { env: [], args: [], files: [...of(CONFIG_D, 'configD'), ...of(USERS_D, 'usersD')] };
}

type Saxes = typeof import('saxes');
let saxes: Saxes | undefined;

/** The first well-formedness error of `xml` as "line:column: reason", and its root element. */
export function xmlProblem(xml: string): { error?: string; root?: string } {
  saxes ??= createRequire(import.meta.url)('saxes') as Saxes;
  const parser = new saxes.SaxesParser();
  let error: string | undefined;
  let root: string | undefined;
  parser.on('error', (e) => {
    error ??= e.message;
  });
  parser.on('opentag', (t) => {
    root ??= t.name;
  });
  parser.write(xml).close();
  return { ...(error ? { error } : {}), ...(root ? { root } : {}) };
}

/** Why the server would refuse a file in config.d or users.d. */
export function checkClickhouseFile(path: string, content: string): FileProblem | undefined {
  if (!path.startsWith(`${CONFIG_D}/`) && !path.startsWith(`${USERS_D}/`)) return undefined;
  if (/\.ya?ml$/.test(path)) {
    try {
      (createRequire(import.meta.url)('js-yaml') as typeof import('js-yaml')).load(content);
      return undefined;
    } catch (e) {
      return { message: `${path} is not valid YAML: ${(e as Error).message.split('\n')[0]}`, hint: 'the server stops at start on a config file it cannot parse' };
    }
  }
  if (!path.endsWith('.xml')) return { message: `${path}: the server reads only .xml, .yaml and .yml files here`, hint: 'rename the file' };
  const { error, root } = xmlProblem(content);
  if (error) return { message: `${path} is not well-formed XML: ${error}`, hint: 'the server stops at start on a config file it cannot parse; positions are line:column inside the file' };
  // Older files use <yandex>, which the server still accepts.
  if (root !== 'clickhouse' && root !== 'yandex') return { message: `${path} has root element <${root}>`, hint: 'ClickHouse merges only files whose root element is <clickhouse>' };
  return undefined;
}
