/** Day-2 commands on a deployed stack: restart, run, connect, exec. */
import { Option } from 'commander';
import { Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { ExecResult } from '../../commands/exec.js';
import type { ConnectResult } from '../../commands/connect.js';
import type { RestartPlan } from '../../lifecycle/restart-plan.js';
import type { RestartResult } from '../../commands/restart.js';
import { defineCommand, type RawOptions } from '../command-table.js';
import { forceUnlockOption, positiveInt, stackAt, target, targetOptions, timeoutOption } from '../flags.js';
import type { RunResult } from '../../commands/run.js';

const componentArg = (what: string) => ({ name: 'component', description: what, required: true });
const tenantOption = () => new Option('--tenant <name>', 'only this tenant of a perTenant service');
const tenantOf = (o: RawOptions) => (typeof o.tenant === 'string' ? { tenant: o.tenant } : {});

type RestartOutcome = { plan: RestartPlan } | RestartResult;

export const restartCmd = defineCommand<RestartOutcome>({
  name: 'restart',
  description: 'rolling restart of a component, waited for, then of the components that must follow it (restartWith, --with-dependents)',
  args: [componentArg('service or infra name from the stack')],
  options: [
    ...targetOptions(),
    tenantOption(),
    new Option('--with-dependents', 'also restart every component that uses it (transitively), in dependency order'),
    new Option('--force', 'restart components marked protect: true too'),
    new Option('--plan', 'print the order and restart nothing (the cluster is not contacted)'),
    timeoutOption(),
    forceUnlockOption(),
  ],
  jsonLines: true,
  async run(o, io) {
    const loaded = await stackAt(o.file);
    const name = String(o.component);
    const planOpts = { ...tenantOf(o), withDependents: o.withDependents === true };
    if (o.plan === true) {
      const { planRestart } = await import('../../commands/restart.js');
      return { plan: planRestart(loaded, name, { ...target(o, io), ...planOpts }) };
    }
    const { restart } = await import('../../commands/restart.js');
    const { progress } = await import('../progress.js');
    const live = await progress(o.output === 'json');
    return restart(loaded, name, { ...target(o, io), ...planOpts, force: o.force === true, forceUnlock: o.forceUnlock === true, timeoutSeconds: o.timeout as number, report: live.report, signal: io.interrupt() }).finally(() => live.close());
  },
  async text(r) {
    if (!('restarted' in r)) return (await import('../../lifecycle/restart-plan.js')).formatRestartPlan(r.plan);
    return `restarted ${r.restarted.map((s) => `${s.component} (${s.seconds}s)`).join(', ')}\n`;
  },
  formats: { json: (r) => `${JSON.stringify('restarted' in r ? { type: 'result', ...r } : r.plan)}\n` },
});

/** `pod/container | text` split back into its parts for JSON lines (as `logs -o json` writes them). */
function logRecord(prefixed: string): { pod: string; container: string; line: string } {
  const bar = prefixed.indexOf(' | ');
  const [pod, container] = prefixed.slice(0, bar).split('/');
  return { pod: pod!, container: container ?? '', line: prefixed.slice(bar + 3) };
}

export const runCmd = defineCommand<RunResult>({
  name: 'run',
  description: "run a job component again as a fresh Job, or a one-off command in a service's image and wiring (run SERVICE -- cmd); streams its logs, exits 1 if it fails",
  args: [componentArg('job or service name from the stack'), { name: 'command', description: 'for a service: the command to run (after --)', variadic: true }],
  options: [...targetOptions(), tenantOption(), new Option('--timeout <seconds>', "the Job's deadline (default: the component's timeout, else 300)").argParser(positiveInt('--timeout', 'seconds', '--timeout 600')), forceUnlockOption()],
  jsonLines: true,
  async run(o, io) {
    const { run } = await import('../../commands/run.js');
    const { reporter } = await import('../reporter.js');
    const json = o.output === 'json';
    const command = Array.isArray(o.command) ? (o.command as string[]) : [];
    const timeout = o.timeout as number | undefined;
    return run(await stackAt(o.file), String(o.component), {
      ...target(o, io),
      ...tenantOf(o),
      ...(command.length ? { command } : {}),
      ...(timeout ? { timeoutSeconds: timeout } : {}),
      forceUnlock: o.forceUnlock === true,
      write: (l) => io.out(json ? `${JSON.stringify(logRecord(l))}\n` : `${l}\n`),
      // Progress goes beside the task's own output in text mode, so stdout is the logs and the result.
      report: reporter(json, json ? io.out : io.err),
      signal: io.interrupt(),
    });
  },
  text: (r) => `Job ${r.job} succeeded (${r.seconds}s)\n`,
  formats: { json: (r) => `${JSON.stringify({ type: 'result', ...r })}\n` },
});

/** A Writable over the CLI's text output (decoding split multi-byte characters correctly). */
function textSink(write: (text: string) => void): Writable {
  const decoder = new StringDecoder('utf8');
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      const text = decoder.write(chunk);
      if (text) write(text);
      cb();
    },
    final(cb) {
      const rest = decoder.end();
      if (rest) write(rest);
      cb();
    },
  });
}

export const execCmd = defineCommand<ExecResult>({
  name: 'exec',
  description: 'run a command (default: a shell) in a ready pod of a component, in its app container; exits with its code',
  args: [componentArg('service or infra name from the stack'), { name: 'command', description: 'command and arguments (after --); default sh', variadic: true }],
  options: [
    ...targetOptions(),
    tenantOption(),
    new Option('-c, --container <name>', 'container to run in (default: the app container)'),
    new Option('-i, --stdin', 'pass standard input to the command (implied when it is a terminal)'),
  ],
  output: ['text'],
  async run(o, io) {
    const { exec } = await import('../../commands/exec.js');
    const command = Array.isArray(o.command) ? (o.command as string[]) : [];
    const tty = process.stdin.isTTY === true && process.stdout.isTTY === true;
    if (tty) process.stdin.setRawMode(true);
    try {
      return await exec(await stackAt(o.file), String(o.component), {
        ...target(o, io),
        ...tenantOf(o),
        ...(typeof o.container === 'string' ? { container: o.container } : {}),
        ...(command.length ? { command } : {}),
        stdout: textSink(io.out),
        stderr: textSink(io.err),
        ...(tty || o.stdin === true ? { stdin: process.stdin } : {}),
        tty,
        note: (m) => io.err(`exec in ${m}\n`),
      });
    } finally {
      if (tty) process.stdin.setRawMode(false);
      process.stdin.pause();
    }
  },
  text: () => '',
  exitCode: (r) => r.exitCode,
});

export const connectCmd = defineCommand<ConnectResult>({
  name: 'connect',
  description: 'port-forward 127.0.0.1 to a ready pod of a service or infra until Ctrl-C; --shell opens the infra client with the credentials in its environment',
  args: [componentArg('service or infra name from the stack')],
  options: [
    ...targetOptions(),
    tenantOption(),
    new Option('--port <port>', "the pod's port, by name or number (default: its first)"),
    new Option('--local-port <port>', 'local port (default: any free one)').argParser(positiveInt('--local-port', '', '--local-port 15432')),
    new Option('--print-url', 'print the connection URL at the local end (infra; password redacted)'),
    new Option('--show-secret', 'with --print-url: show the password in the URL'),
    new Option('--shell', "open the infra's client (psql, mysql, redis-cli, clickhouse-client) when installed; credentials go through its environment"),
  ],
  jsonLines: true,
  async run(o, io) {
    const { connect } = await import('../../commands/connect.js');
    const json = o.output === 'json';
    const local = o.localPort as number | undefined;
    return connect(await stackAt(o.file), String(o.component), {
      ...target(o, io),
      ...tenantOf(o),
      ...(typeof o.port === 'string' ? { port: o.port } : {}),
      ...(local ? { localPort: local } : {}),
      printUrl: o.printUrl === true,
      showSecret: o.showSecret === true,
      shell: o.shell === true,
      signal: io.interrupt(),
      ready: (i) => {
        if (json) return io.out(`${JSON.stringify({ type: 'forwarding', ...i })}\n`);
        // With --shell the client owns the terminal: the note goes to stderr.
        (o.shell === true ? io.err : io.out)(`forwarding ${i.address}:${i.port} -> pod/${i.pod}:${i.remotePort}${o.shell === true ? '' : ' (Ctrl-C to stop)'}\n${i.url ? `${i.url}\n` : ''}`);
      },
    });
  },
  text: () => '',
  formats: { json: (r) => (r.exitCode === undefined ? '' : `${JSON.stringify({ type: 'result', exitCode: r.exitCode })}\n`) },
  exitCode: (r) => r.exitCode ?? 0,
});

export const DAY2_COMMANDS = [restartCmd, runCmd, execCmd, connectCmd];
