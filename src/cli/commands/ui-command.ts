/** `slipway ui`: the stack's graph with its live state in the browser. Everything it needs is imported only when it runs. */
import { Option } from 'commander';
import { defineCommand } from '../command-table.js';
import { positiveInt, target, targetOptions } from '../flags.js';
import { userError } from '../../diagnostics/errors.js';

export interface UiResult {
  url: string;
}

/** The platform's own opener; nothing is opened unless --open asks for it. */
async function openBrowser(url: string): Promise<void> {
  const { spawn } = await import('node:child_process');
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  spawn(cmd as string, args as string[], { stdio: 'ignore', detached: true })
    .on('error', () => undefined)
    .unref();
}

export const uiCmd = defineCommand<UiResult>({
  name: 'ui',
  description: "serve a local page (127.0.0.1) with the stack's graph and its live state; up, diff and rollback from there",
  args: [{ name: 'file', description: 'stack file (default slipway.yaml)' }],
  options: [
    // The page has selectors: these only choose what it shows first.
    ...targetOptions().filter((x) => x.long !== '--env' && x.long !== '--cluster'),
    new Option('-e, --env <name>', 'environment shown first (default: the first one)'),
    new Option('--cluster <name>', 'cluster shown first, of a multi-cluster environment (default: its first)'),
    new Option('--port <n>', 'port on 127.0.0.1 (default: a free one)').argParser((v: string) => {
      const n = positiveInt('--port', '', '--port 8080')(v);
      if (n > 65535) throw userError(`--port must be at most 65535, got "${v}"`, 'e.g. --port 8080');
      return n;
    }),
    new Option('--open', 'open the page in the default browser'),
  ],
  output: ['text'],
  async run(o, io) {
    const { startUi } = await import('../../ui/server.js');
    const { newToken } = await import('../../ui/guard.js');
    const { startingPoint } = await import('../../ui/selection.js');
    // A bad stack file, environment or cluster fails here, with its diagnostics, before anything listens.
    const { opts, info } = startingPoint({ file: String(o.file), ...target(o, io) });
    const stop = io.interrupt();
    const server = await startUi({ ...opts, token: newToken(), ...(typeof o.port === 'number' ? { port: o.port } : {}) });
    io.out(`slipway ui: ${info.name} (${info.environment}${info.cluster ? `, cluster ${info.cluster}` : ''}) at ${server.url}\nCtrl-C stops.\n`);
    if (o.open === true) await openBrowser(server.url);
    await new Promise<void>((resolve) => (stop.aborted ? resolve() : stop.addEventListener('abort', () => resolve(), { once: true })));
    await server.close();
    return { url: server.url };
  },
  text: () => 'slipway ui stopped\n',
});
