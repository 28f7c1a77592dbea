/**
 * `${vars.x}`: a var may use other vars, in any order, and anything else the global scope names. Each var is
 * interpolated once, on first use; a var reached again while it is being interpolated closes a cycle, which is
 * reported once, at the var where the cycle was entered, as `[a] -> [b] -> [a]`.
 */
import type { ModelPath } from '../load/source.js';
import type { ResolveContext } from './context.js';
import type { Resolved, Scope } from './interpolate.js';

/** Interpolation of plain text (scope.ts's `text`), passed in so the two files do not import each other. */
export type Interpolate = (input: string, scope: Scope, path: ModelPath) => string;

export function varsScope(ctx: ResolveContext, rest: Scope, interpolate: Interpolate): Scope {
  const vars = ctx.merged.vars ?? {};
  const names = Object.keys(vars);
  const done = new Map<string, string>();
  const visiting: string[] = [];
  const valueOf = (name: string): string => {
    const known = done.get(name);
    if (known !== undefined) return known;
    const at = visiting.indexOf(name);
    if (at >= 0) {
      const cycle = [...visiting.slice(at), name];
      ctx.issues.push({
        code: 'var-cycle',
        message: `vars use each other in a cycle: ${cycle.map((v) => `[${v}]`).join(' -> ')}`,
        hint: 'give one of these vars a value that does not refer back to the others',
        path: ['vars', cycle[0]!],
      });
      return '';
    }
    visiting.push(name);
    const raw = vars[name]!;
    const value = typeof raw === 'string' ? interpolate(raw, scope, ['vars', name]) : String(raw);
    visiting.pop();
    done.set(name, value);
    return value;
  };
  const own = (ref: string) => (ref.startsWith('vars.') && Object.hasOwn(vars, ref.slice(5)) ? ref.slice(5) : undefined);
  const scope: Scope = {
    lookup: (ref): Resolved | undefined => {
      const name = own(ref);
      return name === undefined ? rest.lookup(ref) : { text: valueOf(name) };
    },
    known: () => [...names.map((n) => `vars.${n}`), ...rest.known()],
  };
  // Every var is checked, used or not, so a broken one is found where it is written; sorted for stable reports.
  for (const name of [...names].sort()) valueOf(name);
  return {
    lookup: (ref) => {
      const name = own(ref);
      return name === undefined ? undefined : { text: valueOf(name) };
    },
    known: () => names.map((n) => `vars.${n}`),
  };
}
