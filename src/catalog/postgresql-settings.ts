/**
 * PostgreSQL's options: server settings (GUCs) passed as `-c name=value` arguments, and the size of /dev/shm.
 * The image's entrypoint puts `postgres` in front of arguments that start with `-` (docker-library/postgres
 * docker-entrypoint.sh, "if first arg looks like a flag"), so the arguments reach the server; a `-c` setting
 * overrides postgresql.conf and shows in SHOW and pg_settings with source "command line".
 */
import type { TObject, TOptional, TRecord, TString, TUnion, TNumber, TBoolean } from '@sinclair/typebox';
import { didYouMean } from '../diagnostics/did-you-mean.js';
import type { InfraConfig, OptionProblem } from './infra-config.js';

/** Custom settings of extensions have a dot (pg_stat_statements.max); built-in ones none. */
const GUC_NAME = '^[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?$';

/**
 * Settings people tune most (the "Server Configuration" chapter), for did-you-mean. A name outside this list is
 * passed on: the server knows hundreds more, and its version decides which exist.
 */
export const COMMON_SETTINGS = [
  'archive_mode', 'archive_timeout', 'autovacuum', 'autovacuum_max_workers', 'autovacuum_naptime', 'autovacuum_vacuum_cost_limit',
  'autovacuum_vacuum_scale_factor', 'autovacuum_analyze_scale_factor', 'checkpoint_completion_target', 'checkpoint_timeout',
  'default_statistics_target', 'default_transaction_isolation', 'effective_cache_size', 'effective_io_concurrency', 'huge_pages',
  'idle_in_transaction_session_timeout', 'jit', 'lock_timeout', 'log_autovacuum_min_duration', 'log_checkpoints', 'log_connections',
  'log_disconnections', 'log_line_prefix', 'log_lock_waits', 'log_min_duration_statement', 'log_statement', 'log_temp_files',
  'maintenance_work_mem', 'max_connections', 'max_locks_per_transaction', 'max_parallel_maintenance_workers', 'max_parallel_workers',
  'max_parallel_workers_per_gather', 'max_prepared_transactions', 'max_replication_slots', 'max_wal_senders', 'max_wal_size',
  'max_worker_processes', 'min_wal_size', 'random_page_cost', 'seq_page_cost', 'shared_buffers', 'shared_preload_libraries',
  'statement_timeout', 'synchronous_commit', 'temp_buffers', 'timezone', 'track_io_timing', 'wal_buffers', 'wal_compression', 'wal_level',
  'work_mem',
];

/** Settings the entry depends on: probes and clients use TCP 5432 on every address, PGDATA is the volume's subdirectory. */
export const OWN_SETTINGS: Record<string, string> = {
  port: 'probes, waits and the Service use 5432',
  listen_addresses: "probes connect to 127.0.0.1 and clients to the pod's address; the image listens on '*'",
  data_directory: 'the data directory is PGDATA on the data volume',
  config_file: 'the configuration is the one initdb wrote into PGDATA',
  hba_file: 'the image writes pg_hba.conf into PGDATA on first start',
};

type Setting = TUnion<[TString, TNumber, TBoolean]>;
type PostgresOptionsSchema = TObject<{ settings: TOptional<TRecord<TString, Setting>>; sharedMemory: TOptional<TString> }>;

/** Plain JSON Schema typed as its TypeBox equivalent (see redis.ts: TypeBox stays off the CLI's start-up path). */
export const PostgresOptions = {
  type: 'object',
  additionalProperties: false,
  properties: {
    settings: {
      type: 'object',
      description: 'Server settings (postgresql.conf names), passed as `-c name=value`, e.g. {work_mem: 64MB, max_connections: 200}',
      propertyNames: { pattern: GUC_NAME, errorMessage: 'must be a PostgreSQL setting name: lowercase letters, digits and _, an extension prefix with a dot' },
      additionalProperties: { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
    },
    sharedMemory: {
      type: 'string',
      pattern: '^[0-9]+(Ki|Mi|Gi)$',
      default: '256Mi',
      description: "Size of /dev/shm (a memory-backed emptyDir; counts against the memory limit). Parallel queries and large hash joins use it; the image's docs suggest --shm-size for the same reason.",
      errorMessage: 'must be a size such as 256Mi or 1Gi',
    },
  },
} as unknown as PostgresOptionsSchema;

type Options = { settings?: Record<string, string | number | boolean>; sharedMemory?: string };

function text(v: string | number | boolean): string {
  return typeof v === 'boolean' ? (v ? 'on' : 'off') : String(v);
}

/** The settings as the server reads them, in name order so renders are stable. */
export function postgresParameters(options: Options): Record<string, string> {
  return Object.fromEntries(Object.entries(options.settings ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([name, v]) => [name, text(v)]));
}

/** `-c name=value` per setting. */
export function postgresConfig(options: Options): InfraConfig {
  const settings = Object.entries(postgresParameters(options));
  return { env: [], files: [], args: settings.map(([name, v]) => ({ args: ['-c', `${name}=${v}`], at: ['options', 'settings', name] })) };
}

export function checkPostgresOptions(options: Options): OptionProblem[] {
  const problems: OptionProblem[] = [];
  for (const name of Object.keys(options.settings ?? {})) {
    const path = ['settings', name];
    const own = OWN_SETTINGS[name];
    if (own) {
      problems.push({ path, atKey: true, message: `setting ${name} is managed by slipway's postgresql entry`, hint: `remove it: ${own}` });
      continue;
    }
    if (name.includes('.') || COMMON_SETTINGS.includes(name)) continue;
    const near = didYouMean(name, COMMON_SETTINGS);
    if (near) problems.push({ path, atKey: true, message: `unknown PostgreSQL setting "${name}"`, hint: `did you mean "${near}"? The server refuses to start with an unknown setting` });
  }
  return problems;
}

/** The same settings as `-c name=…` flags, plus postgres' short forms of them, for the stack's `args:`. */
export const POSTGRES_RESERVED_FLAGS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(OWN_SETTINGS).map(([name, why]) => [`-c ${name}`, why])),
  '-p': OWN_SETTINGS.port ?? '',
  '-h': OWN_SETTINGS.listen_addresses ?? '',
  '-D': OWN_SETTINGS.data_directory ?? '',
};
