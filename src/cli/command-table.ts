/**
 * One row per command: what it takes, how it runs, how its result reads. The generic action below does
 * everything the rows share — flag normalisation, `-o` formats, the error guard and exit codes — so a command
 * is only its own logic, and a web server can call the same `run` with its own IO.
 */
import { Argument, Option, type Command } from 'commander';
import type { CliIO } from './io.js';

export interface ArgSpec {
  /** Key in the options `run` receives. */
  name: string;
  description: string;
  required?: boolean;
  default?: string;
  /** Validates and converts the value; throws a usage error. */
  parse?: (value: string) => unknown;
  /** Takes every remaining argument (the last one only); `run` receives a string array. */
  variadic?: boolean;
}

/** Flag values by camelCase name, positional arguments by their `name`, and `output`. */
export type RawOptions = Record<string, unknown> & { output: string };

export interface CommandSpec<R = unknown> {
  name: string;
  description: string;
  args?: readonly ArgSpec[];
  options?: readonly Option[];
  /** `-o` choices; the first is the default. @default ['text', 'json'] */
  output?: readonly string[];
  /** Does the work (lazy-importing what it needs) and returns what the printers print. */
  run(opts: RawOptions, io: CliIO): Promise<R>;
  /** stdout for every format without a printer in `formats` (async so a formatter can be imported lazily). */
  text(result: R, opts: RawOptions): string | Promise<string>;
  /** Printers by format; `json` defaults to the result as indented JSON. */
  formats?: Readonly<Record<string, (result: R, opts: RawOptions) => string | Promise<string>>>;
  /** @default 0 */
  exitCode?(result: R, opts: RawOptions): number;
  /** `-o json` output is a stream of one JSON object per line, so a failure is written on one line too. */
  jsonLines?: boolean;
  /** Text shown after the options in `--help` (exit codes, conventions). */
  epilog?: string;
}

/** Typed at the definition, stored untyped in the table. */
export function defineCommand<R>(spec: CommandSpec<R>): CommandSpec {
  return spec as unknown as CommandSpec;
}

export interface Runner {
  /** Render a failure in the command's format and exit with its code. */
  fail(e: unknown, format: string, jsonLines: boolean): Promise<never>;
  done(exitCode: number): void;
}

export async function printResult(spec: CommandSpec, result: unknown, opts: RawOptions): Promise<string> {
  const printer = spec.formats?.[opts.output];
  if (printer) return printer(result, opts);
  if (opts.output === 'json') return `${JSON.stringify(result, null, 2)}\n`;
  return spec.text(result, opts);
}

export function addCommand(program: Command, spec: CommandSpec, io: CliIO, runner: Runner): Command {
  const cmd = program.command(spec.name).description(spec.description);
  if (spec.epilog) cmd.addHelpText('after', spec.epilog);
  for (const a of spec.args ?? []) {
    const name = a.variadic ? `${a.name}...` : a.name;
    const arg = new Argument(a.required ? `<${name}>` : `[${name}]`, a.description);
    if (a.default !== undefined) arg.default(a.default);
    if (a.parse) arg.argParser(a.parse);
    cmd.addArgument(arg);
  }
  for (const o of spec.options ?? []) cmd.addOption(o);
  const formats = spec.output ?? ['text', 'json'];
  cmd.addOption(new Option('-o, --output <format>', 'output format').choices(formats).default(formats[0]));
  cmd.action(async (...params: unknown[]) => {
    const command = params.at(-1) as Command;
    const opts = { ...command.opts() } as RawOptions;
    // A positional argument, when given, wins over the flag of the same name (`up app.yaml` = `up -f app.yaml`).
    (spec.args ?? []).forEach((a, i) => {
      if (command.processedArgs[i] !== undefined) opts[a.name] = command.processedArgs[i];
    });
    let result: unknown;
    let printed: string;
    try {
      result = await spec.run(opts, io);
      printed = await printResult(spec, result, opts);
    } catch (e) {
      return runner.fail(e, opts.output, spec.jsonLines ?? false);
    }
    io.out(printed);
    runner.done(spec.exitCode?.(result, opts) ?? 0);
  });
  return cmd;
}
