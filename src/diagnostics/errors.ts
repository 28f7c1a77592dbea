import type { Diagnostic } from './diagnostic.js';

/**
 * Exit codes of the CLI: 0 ok, 1 what was checked failed (`lint` findings at or above --fail-on, a `run` Job that
 * failed), 2 user error (bad input or arguments), 3 a rollout failed or was interrupted (the input was fine),
 * 4 `diff --exit-code` found changes, 70 internal error (a bug). Findings keep 1 because kube-score, kubeconform,
 * kube-linter and ESLint all exit 1 on findings and CI scripts are written for that; a crash gets its own code
 * (sysexits' EX_SOFTWARE) so a pipeline can tell "the linter found problems" from "the linter broke", as ESLint's
 * 1 and 2 do.
 */
export const ExitCode = { ok: 0, findings: 1, user: 2, deployFailed: 3, changes: 4, internal: 70 } as const;

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
