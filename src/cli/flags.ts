/** Flags several commands share, and the parsers that turn bad values into usage errors before anything runs. */
import { Option } from 'commander';
import { userError } from '../diagnostics/errors.js';
import type { TargetOptions } from '../commands/target.js';
import type { ArgSpec, RawOptions } from './command-table.js';
import type { CliIO } from './io.js';

export const DEFAULT_FILE = 'slipway.yaml';

/** A whole number ≥ 1 (of `unit`), else a usage error naming the flag and the value. */
export function positiveInt(what: string, unit: string, example: string): (value: string) => number {
  return (value) => {
    const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < 1) throw userError(`${what} must be a whole number${unit ? ` of ${unit}` : ''} above 0, got "${value}"`, `e.g. ${example}`);
    return n;
  };
}

export const timeoutOption = () =>
  new Option('--timeout <seconds>', 'readiness timeout per component').argParser(positiveInt('--timeout', 'seconds', '--timeout 300')).default(300);

export const forceUnlockOption = () => new Option('--force-unlock', 'take over the lock of a run that is gone');

/** Options of every command that talks to a cluster: which stack, environment, context and namespace. */
export const targetOptions = (): Option[] => [
  new Option('-f, --file <file>', 'stack file').default(DEFAULT_FILE),
  new Option('-e, --env <name>', 'environment (required when the stack has several)'),
  new Option('--context <name>', "kube context (default: the environment's context, else the current one)"),
  new Option('-n, --namespace <name>', "namespace instead of the environment's"),
  new Option('--cluster <name>', 'one cluster of a multi-cluster environment (repeat for several; default: all of them where the command can)').argParser((v: string, prev?: string[]) => [...(prev ?? []), v]),
];

/** Lifecycle commands take the stack file as `-f`, or as the first argument where they have no other. */
export const fileArg: ArgSpec = { name: 'file', description: `stack file (default ${DEFAULT_FILE})` };

/** The cluster commands' TargetOptions from the flags and the injected client. */
export function target(o: RawOptions, io: Pick<CliIO, 'client' | 'catalog'>): TargetOptions {
  const pick = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
  const [environment, context, namespace] = [pick('env'), pick('context'), pick('namespace')];
  // A fanned-out run sets one cluster; --cluster on the command line is a list (the flag may repeat).
  const asked = typeof o.cluster === 'string' ? [o.cluster] : Array.isArray(o.cluster) ? (o.cluster as string[]) : [];
  if (asked.length > 1) throw userError('this command acts on one cluster at a time', `keep one --cluster (${asked.join(', ')})`);
  const cluster = asked[0];
  return { ...(environment ? { environment } : {}), ...(context ? { context } : {}), ...(namespace ? { namespace } : {}), ...(cluster !== undefined ? { cluster } : {}), ...(io.client ? { client: io.client } : {}), ...catalogOf(io) };
}

/** The `--catalog` entries as a command option, when any were given. */
export function catalogOf(io: Pick<CliIO, 'catalog'>): { catalog?: NonNullable<CliIO['catalog']> } {
  return io.catalog ? { catalog: io.catalog } : {};
}

/** Load the stack file; imported lazily so `--help` stays fast. */
export async function stackAt(file: unknown) {
  const { loadStack } = await import('../load/load-stack.js');
  return loadStack(String(file));
}
