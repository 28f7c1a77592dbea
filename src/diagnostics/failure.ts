/**
 * Every way a command can fail, mapped to diagnostics and an exit code in one place: the CLI renders whatever
 * this returns (text, JSON or SARIF) and exits with its code, so no failure has a format of its own.
 */
import { ClusterError } from '../cluster/errors.js';
import { ComponentFailure } from '../lifecycle/events.js';
import type { Diagnostic } from './diagnostic.js';
import { ExitCode, SlipwayError } from './errors.js';
import { fsError, isFsError } from './fs-error.js';

export interface Failure {
  diagnostics: Diagnostic[];
  exitCode: number;
  /** The stack trace of an internal error, only when asked for (SLIPWAY_DEBUG=1). */
  debug?: string;
}

export interface FailureOptions {
  /** Keep the stack trace of an internal error. @default SLIPWAY_DEBUG is set to something other than 0 */
  debug?: boolean;
}

/** What a filesystem call was doing, in words, from its syscall. */
const DOING: Readonly<Record<string, string>> = {
  open: 'open',
  read: 'read',
  write: 'write',
  mkdir: 'create the directory',
  scandir: 'read the directory',
  rename: 'move',
  unlink: 'delete',
  rmdir: 'delete the directory',
  stat: 'read',
  lstat: 'read',
};

export function toFailure(e: unknown, opts: FailureOptions = {}): Failure {
  if (e instanceof SlipwayError) return { diagnostics: e.diagnostics, exitCode: e.exitCode };
  if (e instanceof ClusterError) {
    // The cluster refused or could not be reached: the environment's problem, not slipway's.
    // Status 0: no HTTP answer at all (refused, unresolvable, timed out, TLS failure). An answer is never
    // "unreachable", even when the server's message mentions a certificate or a timeout.
    const unreachable = e.status === 0;
    return user({
      code: 'cluster',
      message: unreachable ? `the cluster cannot be reached: ${e.message}` : `the API server refused the request${e.status ? ` (${e.status})` : ''}: ${e.message}`,
      hint: unreachable ? 'is the cluster running and the kube context right? (--context, KUBECONFIG)' : 'the message above is the API server’s own',
    });
  }
  if (e instanceof ComponentFailure) {
    return { diagnostics: [{ code: 'rollout-failed', message: e.message, path: '', hint: 'fix the cause above and run again; `slipway status` shows every component' }], exitCode: ExitCode.deployFailed };
  }
  if (isAbort(e)) {
    return { diagnostics: [{ code: 'interrupted', message: 'interrupted', path: '', hint: 'run the command again: it converges from where this run stopped' }], exitCode: ExitCode.deployFailed };
  }
  if (isFsError(e)) {
    const path = e.path ?? (e as { dest?: string }).dest ?? 'a file';
    return toFailure(fsError(e, path, DOING[e.syscall ?? ''] ?? 'use'), opts);
  }
  const message = e instanceof Error ? e.message : String(e);
  const debug = opts.debug ?? !!(process.env.SLIPWAY_DEBUG && process.env.SLIPWAY_DEBUG !== '0');
  return {
    diagnostics: [
      {
        code: 'internal',
        message: `internal error: ${message}`,
        path: '',
        hint: 'this is a bug in slipway; please report it with the command you ran and the stack file (SLIPWAY_DEBUG=1 adds the stack trace)',
      },
    ],
    exitCode: ExitCode.internal,
    ...(debug && e instanceof Error && e.stack ? { debug: e.stack } : {}),
  };
}

const user = (d: Omit<Diagnostic, 'path'>): Failure => ({ diagnostics: [{ path: '', ...d }], exitCode: ExitCode.user });

/** An AbortSignal's reason (`signal.throwIfAborted()`), or any error named as an abort. */
function isAbort(e: unknown): boolean {
  return (e instanceof Error || e instanceof DOMException) && e.name === 'AbortError';
}
