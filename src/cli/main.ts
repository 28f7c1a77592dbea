#!/usr/bin/env node
/**
 * The slipway binary. Thin by design: every command is a row of the table (cli/commands/), run by one
 * generic action (cli/command-table.ts); every failure leaves through `fail`, rendered by one renderer.
 * Exit codes: 0 ok · 1 `lint` findings at or above --fail-on, or a `run` Job failed · 2 user error (bad stack,
 * arguments or environment) · 3 a rollout failed or was interrupted · 4 `diff --exit-code` found changes ·
 * 70 internal error (a bug).
 */
import { Command, CommanderError, Option } from 'commander';
import { ExitCode, userError } from '../diagnostics/errors.js';
import { addCommand, type CommandSpec } from './command-table.js';
import { CLUSTER_COMMANDS } from './commands/cluster-commands.js';
import { analyzeCmd, graphCmd, renderCmd, validateCmd } from './commands/stack-commands.js';
import { importCmd } from './commands/import-command.js';
import { lintCmd } from './commands/lint-command.js';
import { uiCmd } from './commands/ui-command.js';
import { guardStreams, processIO, VERSION, writeFailure, type CliIO } from './io.js';

const COMMANDS: readonly CommandSpec[] = [validateCmd, lintCmd, renderCmd, graphCmd, analyzeCmd, importCmd, ...CLUSTER_COMMANDS, uiCmd];

/** Map any failure to diagnostics and an exit code, write it in the requested format, and exit. */
async function fail(e: unknown, format: string, io: CliIO, jsonLines = false): Promise<never> {
  const { toFailure } = await import('../diagnostics/failure.js');
  const failure = toFailure(e);
  await writeFailure(failure, format, io, { jsonLines, color: process.stderr.isTTY === true });
  process.exit(failure.exitCode);
}

/**
 * The `-o` value and the command on the command line, for errors found while commander parses them: such an
 * error is still written in the format asked for, and on one line for JSON-lines commands.
 */
function requested(argv: readonly string[]): { format: string; jsonLines: boolean } {
  let format = 'text';
  for (const [i, a] of argv.entries()) {
    const m = /^(?:-o|--output)(?:=?(.+))?$/.exec(a) ?? /^-o(.+)$/.exec(a);
    if (m) format = m[1] ?? argv[i + 1] ?? 'text';
  }
  const name = argv.find((a) => !a.startsWith('-'));
  return { format, jsonLines: COMMANDS.find((c) => c.name === name)?.jsonLines ?? false };
}

function buildProgram(io: CliIO): Command {
  const program = new Command('slipway')
    .description('One stack file → validated model → production-ready Kubernetes objects.')
    .version(VERSION)
    .exitOverride()
    // Commander's own messages become usage diagnostics, rendered like every other failure.
    .configureOutput({ outputError: () => undefined })
    .addOption(new Option('--catalog <module>', 'add the catalog entries this module exports (repeatable; see docs/catalog-kit.md)').argParser((v: string, prev?: string[]) => [...(prev ?? []), v]))
    // Entries are loaded once, before any command runs, into this run's catalog value.
    .hook('preAction', async () => {
      const modules = program.opts().catalog as string[] | undefined;
      if (modules?.length) io.catalog = await (await import('./catalog-modules.js')).catalogFromModules(modules);
    });
  const runner = {
    fail: (e: unknown, format: string, jsonLines: boolean) => fail(e, format, io, jsonLines),
    done: (code: number) => {
      if (code !== ExitCode.ok) process.exit(code);
    },
  };
  for (const spec of COMMANDS) addCommand(program, spec, io, runner);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const io = await processIO();
  const { format, jsonLines } = requested(argv.slice(2));
  guardStreams(async (e) => {
    const { fsError } = await import('../diagnostics/fs-error.js');
    // stdout is what failed: say so on stderr, whatever the format.
    await fail(fsError(e, 'standard output', 'write to'), 'text', io);
  });
  try {
    await buildProgram(io).parseAsync(argv);
  } catch (e) {
    if (!(e instanceof CommanderError)) return fail(e, format, io, jsonLines);
    if (e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version') process.exit(0);
    // Help shown because no command was given: it already says what to do.
    if (e.code === 'commander.help') process.exit(ExitCode.user);
    await fail(userError(e.message.replace(/^error: /, ''), 'run `slipway <command> --help` for usage'), format, io, jsonLines);
  }
}

await main(process.argv);
