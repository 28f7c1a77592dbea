/**
 * `slipway connect COMPONENT`: a port-forward from 127.0.0.1 to a ready pod of a service or internal infra, through
 * the API server, held until the signal aborts (Ctrl-C). For infra, `printUrl` gives the connection URL at the local
 * end (password redacted unless `showSecret`), and `shell` starts the type's client (connect-shell.ts) with the
 * generated credentials in its environment, ending when it exits. Changes no object of the stack: no lock.
 */
import { spawn } from 'node:child_process';
import { builtinCatalog } from '../catalog/builtin.js';
import { userError } from '../diagnostics/errors.js';
import type { LoadedStack } from '../load/load-stack.js';
import { localUrl, onPath, shellFor } from './connect-shell.js';
import { chooseContainer, oneComponent, readyPod } from './ready-pod.js';
import { connectTarget, type TargetOptions } from './target.js';

export interface ConnectOptions extends TargetOptions {
  tenant?: string;
  /** Port of the pod, by name or number. @default the app container's first port */
  port?: string;
  /** Local port. @default any free port */
  localPort?: number;
  printUrl?: boolean;
  showSecret?: boolean;
  shell?: boolean;
  /** Told once the forward listens (the CLI prints it). */
  ready: (info: ConnectInfo) => void;
}

export interface ConnectInfo {
  component: string;
  pod: string;
  address: string;
  port: number;
  remotePort: number;
  url?: string;
}

export interface ConnectResult extends ConnectInfo {
  /** The client's exit code, with `shell`. */
  exitCode?: number;
}

type ContainerPort = { name?: string; containerPort: number };

export async function connect(loaded: LoadedStack, name: string, opts: ConnectOptions): Promise<ConnectResult> {
  const { rendered, client } = await connectTarget(loaded, opts);
  const { resolved } = rendered;
  const component = oneComponent(resolved, name, opts.tenant);
  const infra = resolved.infra.find((i) => i.name === component.name);
  if ((opts.printUrl || opts.shell) && !infra) throw userError(`--${opts.shell ? 'shell' : 'print-url'} is for infra; ${name} is a ${component.kind}`, `slipway connect ${name} forwards its port`);
  const { pod } = await readyPod(client, resolved, rendered.objects, component);
  const service = resolved.services.find((s) => s.name === component.name);
  const container = chooseContainer(pod, [service?.base, infra?.type, component.name].filter((n): n is string => n !== undefined));
  const ports = ((pod as { spec?: { containers?: { name: string; ports?: ContainerPort[] }[] } }).spec?.containers?.find((c) => c.name === container)?.ports ?? []) as ContainerPort[];
  const wanted = opts.port;
  const remote = wanted === undefined ? ports[0] : ports.find((p) => p.name === wanted || String(p.containerPort) === wanted);
  if (!remote) {
    const listed = ports.map((p) => (p.name ? `${p.name} (${p.containerPort})` : String(p.containerPort))).join(', ');
    if (wanted === undefined) throw userError(`${name} listens on no port`, 'connect reaches components with ports; `slipway exec` runs commands in any');
    throw userError(`${name} has no port "${wanted}"`, `its ports: ${listed}`);
  }
  const forward = await client.portForward(resolved.namespace, pod.metadata.name, remote.containerPort, opts.localPort ?? 0);
  try {
    const conn = infra ? (opts.catalog ?? builtinCatalog).entry(infra.type)?.connection(infra, { stack: resolved.name, environment: resolved.environment, namespace: resolved.namespace, profile: resolved.profile }) : undefined;
    const secret = conn?.password && (opts.shell || opts.showSecret) ? await client.secretValue(resolved.namespace, conn.password.name, conn.password.key) : undefined;
    const url = opts.printUrl && conn ? localUrl(conn, forward.port, opts.showSecret ? secret : undefined) : undefined;
    const info: ConnectInfo = { component: component.name, pod: pod.metadata.name, address: '127.0.0.1', port: forward.port, remotePort: remote.containerPort, ...(url ? { url } : {}) };
    opts.ready(info);
    if (opts.shell) {
      const shell = conn && infra ? shellFor(infra.type, conn, forward.port, secret) : undefined;
      if (!shell) throw userError(`slipway knows no client for ${infra!.type}`, `use the forward at 127.0.0.1:${forward.port} with your own tool`);
      const program = onPath(shell.program);
      if (!program) throw userError(`${shell.program} is not installed (not on PATH)`, `install it, or use the forward without --shell: slipway connect ${name}`);
      const exitCode = await new Promise<number>((resolve, reject) => {
        const child = spawn(program, shell.args, { stdio: 'inherit', env: { ...process.env, ...shell.env } });
        child.on('error', reject);
        child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
      });
      return { ...info, exitCode };
    }
    await new Promise<void>((resolve) => (opts.signal?.aborted ? resolve() : opts.signal?.addEventListener('abort', () => resolve(), { once: true })));
    return info;
  } finally {
    await forward.close();
  }
}
