import type { Diagnostic } from './diagnostic.js';

/**
 * Exit codes of the CLI: 0 ok, 1 internal error (a bug), 2 user error (bad input or arguments),
 * 3 a rollout failed or was interrupted (the input was fine), 4 `diff --exit-code` found changes. `lint` exits 1
 * on findings at or above --fail-on, as kube-score, kube-linter and the linters CI scripts already know do.
 */
export const ExitCode = { ok: 0, internal: 1, findings: 1, user: 2, deployFailed: 3, changes: 4 } as const;

/**
 * The one error type slipway throws on purpose. `user` errors carry diagnostics about the input;
 * anything else that escapes is treated as an internal error by the renderer.
 */
export class SlipwayError extends Error {
  readonly diagnostics: Diagnostic[];
  readonly exitCode: number;
  constructor(diagnostics: Diagnostic[], exitCode: number = ExitCode.user) {
    super(diagnostics.map((d) => d.message).join('; ') || 'error');
    this.name = 'SlipwayError';
    this.diagnostics = diagnostics;
    this.exitCode = exitCode;
  }
}

/** A user error that is not about a place in the stack file (missing file, bad flag). */
export function userError(message: string, hint?: string, file?: string): SlipwayError {
  return new SlipwayError([{ code: 'usage', message, path: '', ...(hint ? { hint } : {}), ...(file ? { file } : {}) }]);
}
