/**
 * Configuration of an internal server beyond what its entry renders: env, arguments and config files, from the
 * stack's generic `env:`/`args:`/`files:` and from the entry's own options (PostgreSQL settings, ClickHouse
 * config.d, Kafka server properties, …). Each part carries the stack path it came from, so a clash with what the
 * entry sets itself is reported where it was written (resolve/infra-config.ts); generate/infra-config.ts adds the
 * parts to the server container and mounts the files from one ConfigMap.
 */

import type { ResolvedInfra } from '../model/resolved.js';

/** Where in `infra.<name>` a part was written, e.g. ['options', 'settings', 'work_mem']. */
export type ConfigPath = readonly (string | number)[];

export interface ConfigEnv {
  name: string;
  value: string;
  at: ConfigPath;
}

/** Arguments that belong together, e.g. ['-c', 'work_mem=64MB']: their flag is what must not clash. */
export interface ConfigArgs {
  args: readonly string[];
  at: ConfigPath;
}

export interface ConfigFile {
  /** Absolute path in the container. */
  path: string;
  content: string;
  at: ConfigPath;
}

export interface InfraConfig {
  env: ConfigEnv[];
  args: ConfigArgs[];
  files: ConfigFile[];
}

export const NO_CONFIG: InfraConfig = Object.freeze({ env: [], args: [], files: [] }) as unknown as InfraConfig;

/** A file's content that the server would refuse, found before anything is deployed. */
export interface FileProblem {
  message: string;
  hint?: string;
}

/** A problem in `infra.<name>.options` beyond its schema (a near-miss setting name). */
export interface OptionProblem {
  /** Below `options`. */
  path: (string | number)[];
  message: string;
  hint?: string;
  /** Point at the key (a name) rather than its value. */
  atKey?: boolean;
}

/** The flag names of an argument list: `--x`, `--x=1` → `--x`; `-c name=v` → `-c name` (repeatable flags). */
export function flagsOf(args: readonly string[]): string[] {
  return flagsAt(args).map((f) => f.flag);
}

/** flagsOf with the index of each flag's first token. */
export function flagsAt(args: readonly string[]): { flag: string; index: number }[] {
  const out: { flag: string; index: number }[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (!a.startsWith('-') || a === '-' || a === '--') continue;
    const eq = a.indexOf('=');
    if (eq > 0) out.push({ flag: a.slice(0, eq), index: i });
    else if (/^-[A-Za-z]$/.test(a) && /^[A-Za-z_.][\w.-]*=/.test(args[i + 1] ?? '')) out.push({ flag: `${a} ${(args[i + 1] ?? '').split('=')[0]}`, index: i });
    else out.push({ flag: a, index: i });
  }
  return out;
}

/** Where a `files:` key goes: an absolute path as written, a name into the entry's config directory. */
export function filePath(key: string, configDir: string | undefined): string | undefined {
  if (key.startsWith('/')) return key;
  return configDir ? `${configDir}/${key}` : undefined;
}

/**
 * Everything an internal instance is configured with beyond its entry's own objects: first what its options turn
 * into, then the stack's `env:`, `args:` and `files:` (a file name without a config directory is left out here;
 * resolve reports it).
 */
export function configOf(entry: { configDir?: string; config?(infra: ResolvedInfra): InfraConfig }, infra: ResolvedInfra): InfraConfig {
  const own = entry.config?.(infra) ?? NO_CONFIG;
  const files: ConfigFile[] = [];
  for (const [key, content] of Object.entries(infra.files ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const path = filePath(key, entry.configDir);
    if (path) files.push({ path, content, at: ['files', key] });
  }
  return {
    env: [...own.env, ...Object.entries(infra.env ?? {}).map(([name, value]) => ({ name, value, at: ['env', name] }))],
    args: [...own.args, ...(infra.args?.length ? [{ args: infra.args, at: ['args'] }] : [])],
    files: [...own.files, ...files],
  };
}

export function isEmptyConfig(c: InfraConfig): boolean {
  return !c.env.length && !c.args.length && !c.files.length;
}
