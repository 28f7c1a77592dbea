/**
 * MySQL's options: option files for /etc/mysql/conf.d, which the image's /etc/my.cnf includes
 * (docker-library/mysql 8.4/Dockerfile.oracle appends `!includedir /etc/mysql/conf.d/` and creates the
 * directory). mysqld reads only the `*.cnf` files there, in name order, and refuses to start on an option
 * before any [group] ("Found option without preceding group") or a line it cannot parse, so both are checked
 * at validate (MySQL 8.4 manual, "Using Option Files").
 */
import type { TObject, TOptional, TRecord, TString } from '@sinclair/typebox';
import type { FileProblem, InfraConfig } from './infra-config.js';

export const CONF_D = '/etc/mysql/conf.d';

type MysqlOptionsSchema = TObject<{ confD: TOptional<TRecord<TString, TString>> }>;

/** Plain JSON Schema typed as its TypeBox equivalent (see redis.ts: TypeBox stays off the CLI's start-up path). */
export const MysqlOptions = {
  type: 'object',
  additionalProperties: false,
  properties: {
    confD: {
      type: 'object',
      description: `Option files for ${CONF_D}: file name (*.cnf) → content, e.g. {"tuning.cnf": "[mysqld]\\ninnodb_buffer_pool_size = 512M"}`,
      propertyNames: { pattern: '^[A-Za-z0-9_][A-Za-z0-9._-]*\\.cnf$', errorMessage: 'must be a file name ending in .cnf (mysqld ignores other files in conf.d)' },
      additionalProperties: { type: 'string' },
    },
  },
} as unknown as MysqlOptionsSchema;

export function mysqlConfig(options: { confD?: Record<string, string> }): InfraConfig {
  const files = Object.entries(options.confD ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, content]) => ({ path: `${CONF_D}/${name}`, content, at: ['options', 'confD', name] }));
  return { env: [], args: [], files };
}

const GROUP = /^\[[A-Za-z0-9_.-]+\]$/;
const OPTION = /^[A-Za-z0-9_-]+(\s*=.*)?$/;
const DIRECTIVE = /^!include(dir)?\s+\S/;

/** Why mysqld would refuse (or never read) an option file in conf.d. */
export function checkMysqlFile(path: string, content: string): FileProblem | undefined {
  if (!path.startsWith(`${CONF_D}/`)) return undefined;
  if (!path.endsWith('.cnf')) return { message: `${path}: mysqld reads only *.cnf files from ${CONF_D}`, hint: 'rename the file to end in .cnf' };
  let group = false;
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const where = `${path} line ${i + 1}`;
    if (GROUP.test(line)) group = true;
    else if (DIRECTIVE.test(line)) continue;
    else if (!OPTION.test(line)) return { message: `${where} is not an option file line: ${JSON.stringify(line.slice(0, 60))}`, hint: 'lines are [group], name, name = value, # comment or !include(dir) path' };
    else if (!group) return { message: `${where}: option before any [group]`, hint: 'start the file with a group such as [mysqld]; mysqld refuses to start otherwise' };
  }
  return undefined;
}
