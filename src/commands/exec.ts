/**
 * `slipway exec COMPONENT [-- cmd…]`: a command (a shell by default) in a ready pod of the component, through the
 * API server's exec endpoint, in the app container; interactive with a terminal when stdin is one. Resolves with
 * the command's exit code. Changes no object of the stack, so it takes no lock.
 */
import type { Readable, Writable } from 'node:stream';
import type { LoadedStack } from '../load/load-stack.js';
import { chooseContainer, oneComponent, readyPod } from './ready-pod.js';
import { connectTarget, type TargetOptions } from './target.js';

export interface ExecOptions extends TargetOptions {
  tenant?: string;
  /** @default the app container (see chooseContainer) */
  container?: string;
  /** @default ['sh'] */
  command?: string[];
  stdout: Writable;
  stderr: Writable;
  /** Passed to the command when given. */
  stdin?: Readable;
  /** Allocate a terminal. @default false */
  tty?: boolean;
  /** Told which pod and container were chosen (to stderr in the CLI). */
  note?: (message: string) => void;
}

export interface ExecResult {
  pod: string;
  container: string;
  exitCode: number;
}

export async function exec(loaded: LoadedStack, name: string, opts: ExecOptions): Promise<ExecResult> {
  const { rendered, client } = await connectTarget(loaded, opts);
  const { resolved } = rendered;
  const component = oneComponent(resolved, name, opts.tenant);
  const { pod } = await readyPod(client, resolved, rendered.objects, component);
  const service = resolved.services.find((s) => s.name === component.name);
  const infra = resolved.infra.find((i) => i.name === component.name);
  const container = chooseContainer(pod, [service?.base, infra?.type, component.name].filter((n): n is string => n !== undefined), opts.container);
  const command = opts.command?.length ? opts.command : ['sh'];
  opts.note?.(`${pod.metadata.name}/${container}: ${command.join(' ')}`);
  const exitCode = await client.exec(resolved.namespace, pod.metadata.name, container, command, { stdout: opts.stdout, stderr: opts.stderr, ...(opts.stdin ? { stdin: opts.stdin } : {}), tty: opts.tty ?? false });
  return { pod: pod.metadata.name, container, exitCode };
}
