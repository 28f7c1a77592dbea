/**
 * A compose service running a server the catalog deploys becomes an infra entry. The catalog brings its own
 * image settings, probes, data volume and generated credentials, so compose's password variables, command
 * flags, healthcheck and volumes are reported and dropped; the database and user names are kept when they are
 * names slipway may create.
 */
import type { CatalogEntry } from '../catalog/contract.js';
import { reservedBy } from '../catalog/sql-names.js';
import type { Raw } from './compose-project.js';
import type { Notes } from './notes.js';
import type { EnvValue } from './normalize.js';
import type { Target } from './wiring.js';

export interface InfraDraft {
  spec: Record<string, unknown>;
  todo: string[];
  creds: NonNullable<Target['creds']>;
}

/** Environment variables the official images read for the first database, user and password. */
const CREDENTIAL_ENV: Readonly<Record<string, { database: string[]; user: string[]; password: string[]; defaultUser?: string }>> = {
  postgresql: { database: ['POSTGRES_DB'], user: ['POSTGRES_USER'], password: ['POSTGRES_PASSWORD'], defaultUser: 'postgres' },
  mysql: { database: ['MYSQL_DATABASE', 'MARIADB_DATABASE'], user: ['MYSQL_USER', 'MARIADB_USER'], password: ['MYSQL_PASSWORD', 'MARIADB_PASSWORD'] },
  clickhouse: { database: ['CLICKHOUSE_DB'], user: ['CLICKHOUSE_USER'], password: ['CLICKHOUSE_PASSWORD'], defaultUser: 'default' },
  redis: { database: [], user: [], password: ['REDIS_PASSWORD'] },
  kafka: { database: [], user: [], password: [] },
};

const IDENT = /^[a-z][a-z0-9_]*$/;

/** Whether slipway may create this user or database on the entry's server (its syntax, length and reserved names). */
function creatable(entry: CatalogEntry, key: 'user' | 'database', value: string): boolean {
  const names = entry.names;
  if (!IDENT.test(value)) return false;
  if (!names) return true;
  const [max, reserved] = key === 'user' ? [names.maxUser, names.reservedUsers] : [names.maxDatabase, names.reservedDatabases];
  return value.length <= max && reservedBy(reserved, value) === undefined;
}

export function mapInfra(name: string, entry: CatalogEntry, svc: Raw, env: ReadonlyMap<string, EnvValue>, command: string[] | undefined, notes: Notes): InfraDraft {
  const type = entry.type;
  const base = ['services', name];
  const spec: Record<string, unknown> = { type };
  const todo: string[] = [];
  const image = typeof svc.image === 'string' ? svc.image : '';
  const tag = /:([^/:@]+)$/.exec(image.split('@')[0]!)?.[1];
  if (entry.recognize(image)?.official && tag && tag !== 'latest') {
    const numeric = /^(\d+(?:\.\d+)*)(.*)$/.exec(tag);
    if (numeric) spec.version = numeric[1];
    if (!numeric || numeric[2]) todo.push(`was ${image}: the catalog runs the official Debian-based image${numeric ? ` ${entry.image}:${numeric[1]}` : ''} (its UID and paths); set version: to another tag if it matters`);
  } else {
    todo.push(`was ${image || 'a build'}: the catalog runs ${entry.image}:${entry.defaultVersion}; set version: to pin another tag`);
  }

  const names = CREDENTIAL_ENV[type] ?? { database: [], user: [], password: [] };
  const pick = (keys: string[]) => keys.map((k) => env.get(k)?.value).find((v) => v !== undefined && v !== '');
  const creds: InfraDraft['creds'] = {};
  const database = pick(names.database);
  const user = pick(names.user) ?? names.defaultUser;
  const password = pick(names.password) ?? (command ? command[command.indexOf('--requirepass') + 1] : undefined);
  if (password !== undefined && (command?.includes('--requirepass') || pick(names.password))) creds.password = password;
  // Every password compose gave the server (root/admin ones too): none may survive into an app's env.
  creds.secrets = [...env].filter(([k, v]) => /PASSWORD/.test(k) && v.value).map(([, v]) => v.value!);
  if (creds.password) creds.secrets.push(creds.password);
  if (user !== undefined) creds.user = user;
  if (database !== undefined) creds.database = database;
  else if (type === 'postgresql' && user !== undefined) creds.database = user; // the image's default database is the user's name
  for (const [key, value] of [['database', creds.database], ['user', user]] as const) {
    if (value === undefined || value === names.defaultUser) continue;
    if (creatable(entry, key, value)) spec[key] = value;
    else todo.push(`compose's ${key} "${value}" is not a name slipway creates (a lowercase SQL identifier, not reserved); the stack's default is used`);
  }

  const known = new Set([...names.database, ...names.user, ...names.password]);
  if (names.password.some((k) => env.has(k)) || command?.includes('--requirepass')) notes.notMapped([...base], `${name}: the password compose set is not kept; slipway generates one and passes it to every user of ${name}`);
  const other = [...env.keys()].filter((k) => !known.has(k)).sort();
  if (other.length) notes.notMapped([...base, 'environment'], `${name}: ${other.join(', ')} not mapped: the catalog configures ${type} itself`, `settings the catalog does not expose are infra configuration (issue: catalog options)`);
  if (command) notes.notMapped([...base, 'command'], `${name}: the command is not kept: the catalog starts ${type} with its own`);
  if (svc.healthcheck !== undefined) notes.notMapped([...base, 'healthcheck'], `${name}: the catalog's own probes replace the healthcheck`);
  if (svc.volumes !== undefined) notes.notMapped([...base, 'volumes'], `${name}: the catalog keeps ${type}'s data on its own volume (storage: sets its size)`);
  if (svc.ports !== undefined) notes.notMapped([...base, 'ports'], `${name}: published ports are not mapped; reach ${name} from your machine with kubectl port-forward`);

  const replicas = Number((svc.deploy as Raw | undefined)?.replicas ?? svc.scale);
  if (Number.isInteger(replicas) && replicas > 1) {
    if (replicas <= entry.maxReplicas) spec.replicas = replicas;
    else todo.push(`compose ran ${replicas} copies; the catalog's internal ${type} runs at most ${entry.maxReplicas}`);
  }
  return { spec, todo, creds };
}
