/** Commands that talk to a cluster. Each calls its library command with the flags mapped to its options. */
import { Option } from 'commander';
import type { UpResult } from '../../commands/up.js';
import type { DeployPlan } from '../../plan/deploy-plan.js';
import type { DownResult } from '../../commands/down.js';
import type { PreflightResult } from '../../commands/preflight.js';
import type { ObjectDiff } from '../../lifecycle/diff.js';
import type { ComponentRow } from '../../lifecycle/status.js';
import type { HistoryRow } from '../../lifecycle/history.js';
import { ExitCode, userError } from '../../diagnostics/errors.js';
import { defineCommand, printResult, type RawOptions } from '../command-table.js';
import type { CliIO } from '../io.js';
import { DAY2_COMMANDS } from './day2-commands.js';
import { clustered } from '../clustered.js';
import { fileArg, forceUnlockOption, positiveInt, stackAt, target, targetOptions, timeoutOption } from '../flags.js';

/** Progress lines of a long run: live on a terminal, plain lines in pipes, JSON lines with -o json. */
async function live(o: RawOptions) {
  const { progress } = await import('../progress.js');
  return progress(o.output === 'json', o.fanOut === true ? (o.cluster as string) : undefined);
}

/** up and rollback share flags, progress and result; rollback applies a recorded revision instead of the render. */
async function deploy(o: RawOptions, io: CliIO, rollback: boolean): Promise<UpResult> {
  const commands = await import('../../commands/up.js');
  const loaded = await stackAt(o.file);
  const progress = await live(o);
  const rerun = (o.rerunInit as string[] | undefined) ?? [];
  const opts = { ...target(o, io), ...(rerun.length ? { rerunInit: rerun } : {}), timeoutSeconds: o.timeout as number, forceUnlock: o.forceUnlock === true, adoptNamespace: o.adoptNamespace === true, skipPreflight: o.skipPreflight === true, allowTopologyChange: o.allowTopologyChange === true, report: progress.report, signal: io.interrupt() };
  const to = o.revision as number | undefined;
  return (rollback ? commands.rollback(loaded, { ...opts, ...(to ? { to } : {}) }) : commands.up(loaded, opts)).finally(() => progress.close());
}

const resultLine = (r: object) => `${JSON.stringify({ type: 'result', ...r })}\n`;

/** `up` applies, or with --plan only prints what it would do. */
type UpOutcome = { applied: UpResult } | { plan: DeployPlan };

export const upCmd = defineCommand<UpOutcome>({
  name: 'up',
  description: 'apply the stack in dependency order, wait until ready, prune what left it, record a revision',
  args: [fileArg],
  options: [
    ...targetOptions(),
    timeoutOption(),
    forceUnlockOption(),
    new Option('--adopt-namespace', 'take over an existing namespace slipway did not create (labels it; down --purge may delete it)'),
    new Option('--plan', 'print the plan (revision, waves, prune, history changes) and apply nothing'),
    new Option('--skip-preflight', 'do not check first that the Secrets and custom resource kinds the stack needs exist'),
    new Option('--allow-topology-change', 'apply a change of a live instance that loses data or quorum (PostgreSQL one server <-> HA, Redis Sentinel or ClickHouse Keeper member count)'),
    new Option('--rerun-init <infra/script...>', 'run these changed init scripts again (an infra name: all of its changed scripts)'),
  ],
  jsonLines: true,
  async run(o, io) {
    if (o.plan !== true) return { applied: await deploy(o, io, false) };
    const { planUp } = await import('../../commands/up.js');
    const rerun = (o.rerunInit as string[] | undefined) ?? [];
    return { plan: await planUp(await stackAt(o.file), { ...target(o, io), adoptNamespace: o.adoptNamespace === true, ...(rerun.length ? { rerunInit: rerun } : {}) }) };
  },
  async text(r) {
    if ('plan' in r) return (await import('../../plan/print.js')).formatPlan(r.plan);
    const a = r.applied;
    return a.status === 'unchanged' ? 'up to date (no changes)\n' : `deployed revision ${a.revision} (${a.changed} objects changed, ${a.deleted.length} pruned)\n`;
  },
  formats: { json: (r) => ('plan' in r ? `${JSON.stringify(r.plan)}\n` : resultLine(r.applied)) },
});

export const rollbackCmd = defineCommand<UpResult>({
  name: 'rollback',
  description: 're-apply a recorded revision (default: the previous one) through the same waves',
  args: [{ name: 'revision', description: 'revision number (see `slipway history`)', parse: positiveInt('the revision', '', 'slipway rollback 3 (see `slipway history`)') }],
  options: [...targetOptions(), timeoutOption(), forceUnlockOption()],
  jsonLines: true,
  run: (o, io) => deploy(o, io, true),
  text: (r) => `rolled back: revision ${r.revision} (${r.changed} objects changed). Data migrations are not undone.\n`,
  formats: { json: resultLine },
});

export const diffCmd = defineCommand<ObjectDiff[]>({
  name: 'diff',
  description: 'show what up would change, per object, against the live cluster',
  args: [fileArg],
  options: [
    ...targetOptions().filter((x) => x.long !== '--env'),
    new Option('-e, --env <name>', 'environment (required when the stack has several); twice (-e a -e b) compares two environments without a cluster').argParser((v: string, prev?: string[]) => [...(prev ?? []), v]),
    new Option('--exit-code', 'exit with 4 when there are changes (for CI)'),
  ],
  async run(o, io) {
    const envs = (o.env as string[] | undefined) ?? [];
    if (envs.length > 2) throw userError('diff compares at most two environments', 'e.g. diff -e staging -e prod');
    if (envs.length === 2) {
      const { diffEnvironments } = await import('../../commands/diff-environments.js');
      return diffEnvironments(await stackAt(o.file), envs[0]!, envs[1]!, io.catalog);
    }
    const { diff } = await import('../../commands/diff.js');
    return diff(await stackAt(o.file), target({ ...o, env: envs[0] }, io));
  },
  text: async (diffs, o) => {
    const { formatDiff } = await import('../../lifecycle/diff.js');
    const envs = (o.env as string[] | undefined) ?? [];
    const words = envs.length === 2 ? { none: `${envs[0]} and ${envs[1]} render the same objects`, create: `(only in ${envs[1]})`, delete: `(only in ${envs[0]})` } : undefined;
    return formatDiff(diffs, process.stdout.isTTY === true, words);
  },
  exitCode: (diffs, o) => (o.exitCode && diffs.length ? ExitCode.changes : ExitCode.ok),
});

export const statusCmd = defineCommand<ComponentRow[] | undefined>({
  name: 'status',
  description: 'one row per component: kind, ready/desired, restarts, age, current problem',
  args: [fileArg],
  options: [...targetOptions(), new Option('--watch', 'refresh every 2 seconds until interrupted')],
  async run(o, io) {
    const { status } = await import('../../commands/status.js');
    const loaded = await stackAt(o.file);
    if (!o.watch) return status(loaded, target(o, io));
    for (;;) {
      const text = await printResult(statusCmd, await status(loaded, target(o, io)), o);
      io.out(o.output === 'text' && io.tty ? `\x1b[2J\x1b[H${text}` : text);
      await new Promise((r) => setTimeout(r, 2000));
    }
  },
  text: async (rows) => (rows ? (await import('../../lifecycle/status.js')).formatStatus(rows) : ''),
  formats: { json: (rows) => (rows ? `${JSON.stringify(rows)}\n` : '') },
});

export const historyCmd = defineCommand<HistoryRow[]>({
  name: 'history',
  description: 'list the revisions recorded in the cluster',
  args: [fileArg],
  options: targetOptions(),
  async run(o, io) {
    const { history } = await import('../../commands/history.js');
    return history(await stackAt(o.file), target(o, io));
  },
  text: async (revisions) => (await import('../../lifecycle/history.js')).formatHistory(revisions),
});

export const downCmd = defineCommand<DownResult>({
  name: 'down',
  description: 'delete the stack in reverse dependency order; keeps data volumes and generated credentials',
  args: [fileArg],
  options: [
    ...targetOptions(),
    new Option('--purge', 'also delete data volumes, generated credentials, history and the namespace'),
    new Option('--yes', 'confirm --purge without asking (required when not interactive)'),
    forceUnlockOption(),
  ],
  jsonLines: true,
  async run(o, io) {
    const { down } = await import('../../commands/down.js');
    const { reporter } = await import('../reporter.js');
    const loaded = await stackAt(o.file);
    if (o.purge && !o.yes) await confirmPurge();
    return down(loaded, { ...target(o, io), purge: o.purge === true, forceUnlock: o.forceUnlock === true, report: reporter(o.output === 'json', io.out, o.fanOut === true ? (o.cluster as string) : undefined) });
  },
  text: (r) => `deleted ${r.deleted.length} objects${r.kept.length ? `; kept ${r.kept.length} (data volumes and credentials)` : ''}\n`,
  formats: { json: resultLine },
});

async function confirmPurge(): Promise<void> {
  if (!process.stdin.isTTY) throw userError('--purge deletes data volumes and credentials; pass --yes to confirm', 'slipway down --purge --yes');
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await rl.question('Delete data volumes, generated credentials and history too? Type "purge" to confirm: ');
  rl.close();
  if (answer.trim() !== 'purge') throw userError('not confirmed; nothing deleted');
}

/** `pod/container | text` as logs() writes it, split back into its parts for JSON lines. */
function logLine(prefixed: string): { pod: string; container: string; line: string } {
  const bar = prefixed.indexOf(' | ');
  const key = prefixed.slice(0, bar);
  const slash = key.indexOf('/');
  return { pod: key.slice(0, slash), container: key.slice(slash + 1), line: prefixed.slice(bar + 3) };
}

export const logsCmd = defineCommand<void>({
  name: 'logs',
  description: 'logs of every pod of a service (and its tenant/shard copies), merged with pod prefixes',
  args: [{ name: 'service', description: 'service name from the stack', required: true }],
  options: [
    ...targetOptions(),
    new Option('--follow', 'keep streaming, including new pods'),
    new Option('--since <seconds>', 'only lines newer than this many seconds').argParser(positiveInt('--since', 'seconds', '--since 600')),
    new Option('--tenant <name>', 'only this tenant of a perTenant service'),
  ],
  jsonLines: true,
  async run(o, io) {
    const { logs } = await import('../../commands/logs.js');
    const json = o.output === 'json';
    const write = (l: string) => io.out(json ? `${JSON.stringify(logLine(l))}\n` : `${l}\n`);
    const since = o.since as number | undefined;
    const tenant = o.tenant as string | undefined;
    await logs(await stackAt(o.file), String(o.service), { ...target(o, io), follow: o.follow === true, ...(since ? { sinceSeconds: since } : {}), ...(tenant ? { tenant } : {}), write, signal: io.interrupt() });
  },
  text: () => '',
  formats: { json: () => '' },
});

export const preflightCmd = defineCommand<PreflightResult>({
  name: 'preflight',
  description: 'check that the Secrets, keys and custom resource kinds the stack needs exist (what up checks first); exit 2 if not',
  args: [fileArg],
  options: targetOptions(),
  async run(o, io) {
    const { preflight } = await import('../../commands/preflight.js');
    return preflight(await stackAt(o.file), target(o, io));
  },
  text: async (r) => (await import('../../commands/preflight.js')).formatPreflight(r),
});

// These act on every cluster of a multi-cluster environment at once; logs and the day-2 commands act on one.
export const CLUSTER_COMMANDS = [...[upCmd, preflightCmd, rollbackCmd, diffCmd, statusCmd, historyCmd, downCmd].map(clustered), logsCmd, ...DAY2_COMMANDS];
