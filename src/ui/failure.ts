/**
 * A failure as the page shows it: the CLI's own text (writeFailure, with the stack file's code frame and, when
 * asked for, the debug trace), and the HTTP status its exit code stands for.
 */
import { ExitCode } from '../diagnostics/errors.js';

export interface PageFailure {
  status: number;
  text: string;
}

/** A user error is the request's fault (400), an internal one slipway's (500); the rest is the cluster's (502). */
export async function pageFailure(e: unknown): Promise<PageFailure> {
  const { toFailure } = await import('../diagnostics/failure.js');
  const { writeFailure } = await import('../cli/io.js');
  const failure = toFailure(e);
  let text = '';
  await writeFailure(failure, 'text', { out: (t) => void (text += t), err: (t) => void (text += t) });
  const fromCluster = failure.diagnostics.some((d) => d.code === 'cluster');
  const status = failure.exitCode === ExitCode.internal ? 500 : failure.exitCode === ExitCode.user && !fromCluster ? 400 : 502;
  return { status, text: text.trimEnd() };
}
