#!/usr/bin/env node
/**
 * The slipway binary. Thin by design: parse flags, call a library command, print, exit.
 * Exit codes: 0 ok · 1 internal error (a bug) · 2 user error (bad stack or arguments).
 */
import { Command, CommanderError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { ExitCode, SlipwayError } from '../diagnostics/errors.js';
import { renderDiagnostics } from '../diagnostics/render-text.js';

const VERSION = '0.1.0';
const DEFAULT_FILE = 'slipway.yaml';

function sourcesOf(err: SlipwayError): Map<string, string> {
  const sources = new Map<string, string>();
  for (const d of err.diagnostics) {
    if (!d.file || sources.has(d.file)) continue;
    try {
      sources.set(d.file, readFileSync(d.file, 'utf8'));
    } catch {
      /* the file is what could not be read; no frame then */
    }
  }
  return sources;
}

function fail(err: unknown, json: boolean): never {
  if (err instanceof SlipwayError) {
    if (json) process.stdout.write(`${JSON.stringify({ ok: false, diagnostics: err.diagnostics }, null, 2)}\n`);
    else process.stderr.write(`${renderDiagnostics(err.diagnostics, { sources: sourcesOf(err), color: process.stderr.isTTY === true })}\n`);
    process.exit(err.exitCode);
  }
  if (err instanceof Error && err.name === 'ClusterError') {
    // The cluster answered with an error, or could not be reached: the environment's problem, not a bug.
    // Status 0: no HTTP answer at all (refused, unresolvable, timed out, TLS failure).
    const unreachable = (err as { status?: number }).status === 0 || /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EHOSTUNREACH|certificate/i.test(err.message);
    const hint = unreachable ? 'is the cluster running and the kube context right? (--context, KUBECONFIG)' : 'the API server refused the request; see its message above';
    if (json) process.stdout.write(`${JSON.stringify({ ok: false, diagnostics: [{ code: 'cluster', message: err.message, path: '', hint }] }, null, 2)}\n`);
    else process.stderr.write(`error: cluster: ${err.message}\n  hint: ${hint}\n`);
    process.exit(ExitCode.user);
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`internal error: ${message}\nThis is a bug in slipway. Please report it with the command you ran and the stack file (set SLIPWAY_DEBUG=1 to include the stack trace).\n`);
  if (process.env.SLIPWAY_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  process.exit(ExitCode.internal);
}

/** Run a command's body; every error leaves through `fail`, the one place errors are rendered. */
const guard = (json: boolean, body: () => Promise<void>): Promise<void> => body().catch((e: unknown) => fail(e, json));

/** Load the stack file; imported lazily so `--help` stays fast. */
async function stackAt(file: string) {
  const { loadStack } = await import('../load/load-stack.js');
  return loadStack(file);
}

const output = (choices: string[], def: string) => new Option('-o, --output <format>', 'output format').choices(choices).default(def);

export function buildProgram(): Command {
  const program = new Command('slipway')
    .description('One stack file → validated model → production-ready Kubernetes objects.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program
    .command('validate')
    .description('check a stack file and report every problem at once')
    .argument('[file]', 'stack file', DEFAULT_FILE)
    .option('-e, --env <name>', 'check only this environment (default: all)')
    .addOption(output(['text', 'json'], 'text'))
    .action(async (file: string, o: { env?: string; output: string }) => {
      const json = o.output === 'json';
      await guard(json, async () => {
        const { validateCommand } = await import('../commands/validate.js');
        const result = validateCommand(await stackAt(file), o.env);
        if (!result.ok) throw new SlipwayError(result.diagnostics);
        process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : `${file}: valid (environments: ${result.environments.join(', ')})\n`);
      });
    });

  program
    .command('render')
    .description('render Kubernetes objects for one environment (stdout, or one file per object with --out)')
    .argument('[file]', 'stack file', DEFAULT_FILE)
    .option('-e, --env <name>', 'environment (required when the stack has several)')
    .option('--out <dir>', 'write one file per object into this directory instead of stdout')
    .option('-n, --namespace <name>', "render into this namespace instead of the environment's")
    .addOption(output(['yaml', 'json'], 'yaml'))
    .addOption(new Option('--secrets <mode>', 'generated credentials: omit them, or include values derived from .slipway/secret.key').choices(['omit', 'include']).default('omit'))
    .action(async (file: string, o: { env?: string; out?: string; namespace?: string; output: 'yaml' | 'json'; secrets: 'omit' | 'include' }) => {
      await guard(o.output === 'json', async () => {
        const { renderStack } = await import('../commands/render.js');
        const loaded = await stackAt(file);
        let secretKey: Uint8Array | undefined;
        if (o.secrets === 'include') {
          const { loadSecretKey } = await import('../emit/secret-key.js');
          secretKey = loadSecretKey(file);
        }
        const result = renderStack(loaded, { environment: o.env, format: o.output, secrets: o.secrets, ...(o.namespace ? { namespace: o.namespace } : {}), ...(secretKey ? { secretKey } : {}) });
        if (o.out) {
          const { writeDirectory } = await import('../emit/write-dir.js');
          const files = result.files();
          writeDirectory(o.out, files);
          process.stderr.write(`wrote ${files.size} objects to ${o.out}\n`);
        } else process.stdout.write(result.text);
        if (result.omittedSecrets.length) {
          process.stderr.write(
            `note: ${result.omittedSecrets.length} generated Secret(s) not rendered (${result.omittedSecrets.map((s) => s.name).join(', ')}); ` +
              '`slipway up` creates them, or render with --secrets include for kubectl apply\n',
          );
        }
      });
    });
  /** Lifecycle commands take the stack file as `-f`, or as the first argument where they have no other. */
  const lifecycle = (name: string, description: string, positionalFile = true) => {
    const cmd = program.command(name).description(description);
    if (positionalFile) cmd.argument('[file]', `stack file (default ${DEFAULT_FILE})`);
    return cmd
      .option('-f, --file <file>', 'stack file', DEFAULT_FILE)
      .option('-e, --env <name>', 'environment (required when the stack has several)')
      .option('--context <name>', "kube context (default: the environment's context, else the current one)")
      .option('-n, --namespace <name>', "namespace instead of the environment's")
      .addOption(output(['text', 'json'], 'text'));
  };

  type Common = { file: string; env?: string; context?: string; namespace?: string; output: string };
  const common = (o: Common) => ({ ...(o.env ? { environment: o.env } : {}), ...(o.context ? { context: o.context } : {}), ...(o.namespace ? { namespace: o.namespace } : {}) });

  lifecycle('up', 'apply the stack in dependency order, wait until ready, prune what left it, record a revision')
    .option('--timeout <seconds>', 'readiness timeout per component', '300')
    .option('--force-unlock', 'take over the lock of a run that is gone')
    .action(async (file: string | undefined, opts: Common & { timeout: string; forceUnlock?: boolean }) => {
      const o = { ...opts, file: file ?? opts.file };
      const json = o.output === 'json';
      await guard(json, async () => {
        const { up } = await import('../commands/up.js');
        const { interruptSignal } = await import('./reporter.js');
        const { progress } = await import('./progress.js');
        const live = await progress(json);
        const result = await up(await stackAt(o.file), { ...common(o), timeoutSeconds: Number(o.timeout), forceUnlock: o.forceUnlock ?? false, report: live.report, signal: interruptSignal() }).finally(() => live.close());
        if (json) process.stdout.write(`${JSON.stringify({ type: 'result', ...result })}\n`);
        else process.stdout.write(result.status === 'unchanged' ? 'up to date (no changes)\n' : `deployed revision ${result.revision} (${result.changed} objects changed, ${result.deleted.length} pruned)\n`);
      });
    });

  lifecycle('rollback', 're-apply a recorded revision (default: the previous one) through the same waves', false)
    .argument('[revision]', 'revision number (see `slipway history`)')
    .option('--timeout <seconds>', 'readiness timeout per component', '300')
    .option('--force-unlock', 'take over the lock of a run that is gone')
    .action(async (rev: string | undefined, o: Common & { timeout: string; forceUnlock?: boolean }) => {
      const json = o.output === 'json';
      await guard(json, async () => {
        const { rollback } = await import('../commands/up.js');
        const { interruptSignal } = await import('./reporter.js');
        if (rev !== undefined && !/^\d+$/.test(rev)) throw new SlipwayError([{ code: 'usage', message: `revision must be a number, got "${rev}"`, path: '', hint: 'see `slipway history`' }]);
        const { progress } = await import('./progress.js');
        const live = await progress(json);
        const result = await rollback(await stackAt(o.file), { ...common(o), ...(rev ? { to: Number(rev) } : {}), timeoutSeconds: Number(o.timeout), forceUnlock: o.forceUnlock ?? false, report: live.report, signal: interruptSignal() }).finally(() => live.close());
        if (json) process.stdout.write(`${JSON.stringify({ type: 'result', ...result })}\n`);
        else process.stdout.write(`rolled back: revision ${result.revision} (${result.changed} objects changed). Data migrations are not undone.\n`);
      });
    });

  lifecycle('diff', 'show what up would change, per object, against the live cluster')
    .option('--exit-code', 'exit with 4 when there are changes (for CI)')
    .action(async (file: string | undefined, opts: Common & { exitCode?: boolean }) => {
      const o = { ...opts, file: file ?? opts.file };
      const json = o.output === 'json';
      await guard(json, async () => {
        const { diff } = await import('../commands/diff.js');
        const { formatDiff } = await import('../lifecycle/diff.js');
        const diffs = await diff(await stackAt(o.file), common(o));
        process.stdout.write(json ? `${JSON.stringify(diffs, null, 2)}\n` : formatDiff(diffs, process.stdout.isTTY === true));
        if (o.exitCode && diffs.length) process.exit(ExitCode.changes);
      });
    });

  lifecycle('status', 'one row per component: kind, ready/desired, restarts, age, current problem')
    .option('--watch', 'refresh every 2 seconds until interrupted')
    .action(async (file: string | undefined, opts: Common & { watch?: boolean }) => {
      const o = { ...opts, file: file ?? opts.file };
      const json = o.output === 'json';
      await guard(json, async () => {
        const { status } = await import('../commands/status.js');
        const { formatStatus } = await import('../lifecycle/status.js');
        const loaded = await stackAt(o.file);
        for (;;) {
          const rows = await status(loaded, common(o));
          const text = json ? `${JSON.stringify(rows)}\n` : formatStatus(rows);
          process.stdout.write(o.watch && !json && process.stdout.isTTY ? `\x1b[2J\x1b[H${text}` : text);
          if (!o.watch) break;
          await new Promise((r) => setTimeout(r, 2000));
        }
      });
    });

  lifecycle('history', 'list the revisions recorded in the cluster').action(async (file: string | undefined, opts: Common) => {
    const o = { ...opts, file: file ?? opts.file };
    const json = o.output === 'json';
    await guard(json, async () => {
      const { history } = await import('../commands/history.js');
      const { formatHistory } = await import('../lifecycle/history.js');
      const revisions = await history(await stackAt(o.file), common(o));
      process.stdout.write(json ? `${JSON.stringify(revisions, null, 2)}\n` : formatHistory(revisions));
    });
  });

  lifecycle('down', 'delete the stack in reverse dependency order; keeps data volumes and generated credentials')
    .option('--purge', 'also delete data volumes, generated credentials, history and the namespace')
    .option('--yes', 'confirm --purge without asking (required when not interactive)')
    .option('--force-unlock', 'take over the lock of a run that is gone')
    .action(async (file: string | undefined, opts: Common & { purge?: boolean; yes?: boolean; forceUnlock?: boolean }) => {
      const o = { ...opts, file: file ?? opts.file };
      const json = o.output === 'json';
      await guard(json, async () => {
        const { down } = await import('../commands/down.js');
        const { reporter } = await import('./reporter.js');
        const loaded = await stackAt(o.file);
        if (o.purge && !o.yes) {
          if (!process.stdin.isTTY) throw new SlipwayError([{ code: 'usage', message: '--purge deletes data volumes and credentials; pass --yes to confirm', path: '', hint: 'slipway down --purge --yes' }]);
          const { createInterface } = await import('node:readline/promises');
          const rl = createInterface({ input: process.stdin, output: process.stderr });
          const answer = await rl.question('Delete data volumes, generated credentials and history too? Type "purge" to confirm: ');
          rl.close();
          if (answer.trim() !== 'purge') throw new SlipwayError([{ code: 'usage', message: 'not confirmed; nothing deleted', path: '' }]);
        }
        const result = await down(loaded, { ...common(o), purge: o.purge ?? false, forceUnlock: o.forceUnlock ?? false, report: reporter(json) });
        if (json) process.stdout.write(`${JSON.stringify({ type: 'result', ...result })}\n`);
        else process.stdout.write(`deleted ${result.deleted.length} objects${result.kept.length ? `; kept ${result.kept.length} (data volumes and credentials)` : ''}\n`);
      });
    });

  lifecycle('logs', 'logs of every pod of a service (and its tenant/shard copies), merged with pod prefixes', false)
    .argument('<service>', 'service name from the stack')
    .option('--follow', 'keep streaming, including new pods')
    .option('--since <seconds>', 'only lines newer than this many seconds')
    .option('--tenant <name>', 'only this tenant of a perTenant service')
    .action(async (service: string, o: Common & { follow?: boolean; since?: string; tenant?: string }) => {
      await guard(false, async () => {
        const { logs } = await import('../commands/logs.js');
        const { interruptSignal } = await import('./reporter.js');
        await logs(await stackAt(o.file), service, { ...common(o), follow: o.follow ?? false, ...(o.since ? { sinceSeconds: Number(o.since) } : {}), ...(o.tenant ? { tenant: o.tenant } : {}), write: (l) => process.stdout.write(`${l}\n`), signal: interruptSignal() });
      });
    });

  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) process.exit(e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : ExitCode.user);
    fail(e, false);
  }
}

await main(process.argv);
