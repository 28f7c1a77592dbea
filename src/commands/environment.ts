import { userError } from '../diagnostics/errors.js';
import type { StackSpec } from '../model/stack.js';
import { DEFAULT_ENVIRONMENT, environmentNames } from '../resolve/merge-environment.js';
import { suggest } from '../diagnostics/did-you-mean.js';

/** The environment a command works on: the one asked for, or the only one there is. */
export function pickEnvironment(data: unknown, asked: string | undefined): string {
  const stack = data as Partial<StackSpec>;
  const names = stack.environments && typeof stack.environments === 'object' ? environmentNames(stack as StackSpec) : [DEFAULT_ENVIRONMENT];
  if (asked) {
    if (!names.includes(asked)) throw userError(`environment "${asked}" is not defined in the stack`, suggest(asked, names, 'environments'));
    return asked;
  }
  if (names.length === 1) return names[0]!;
  throw userError(`the stack has several environments; choose one with -e (${names.join(', ')})`, `e.g. -e ${names[0]}`);
}
