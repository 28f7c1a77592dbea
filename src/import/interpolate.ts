/**
 * Compose's variable substitution (Compose Specification, "Interpolation"): `${VAR}`, `$VAR`, the `:-`/`-`
 * defaults, `:?`/`?` required values, `:+`/`+` replacements, `$$` for a literal `$`. Values come from the
 * project's `.env` only, never from the shell that runs the import, so the same files give the same stack.
 */

export interface Interpolated {
  value: string;
  /** Variables that were neither in `.env` nor given a default (compose substitutes an empty string). */
  unset: string[];
  /** The message of a `${VAR:?message}` whose variable is missing. */
  required?: { name: string; message: string };
}

const NAME = /^[_a-zA-Z][_a-zA-Z0-9]*/;

/** The index of the `}` that closes a `${` opened just before `from`, counting nested `${`. */
function closing(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text.startsWith('${', i)) {
      depth++;
      i++;
    } else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

export function interpolate(text: string, vars: ReadonlyMap<string, string>): Interpolated {
  const unset: string[] = [];
  let required: Interpolated['required'];
  const expand = (input: string): string => {
    let out = '';
    for (let i = 0; i < input.length; i++) {
      const c = input[i]!;
      if (c !== '$') {
        out += c;
        continue;
      }
      if (input[i + 1] === '$') {
        out += '$';
        i++;
        continue;
      }
      if (input[i + 1] === '{') {
        const end = closing(input, i + 2);
        if (end < 0) {
          out += input.slice(i);
          break;
        }
        out += braced(input.slice(i + 2, end));
        i = end;
        continue;
      }
      const name = NAME.exec(input.slice(i + 1))?.[0];
      if (!name) {
        out += c;
        continue;
      }
      out += lookup(name);
      i += name.length;
    }
    return out;
  };
  const lookup = (name: string): string => {
    const v = vars.get(name);
    if (v === undefined && !unset.includes(name)) unset.push(name);
    return v ?? '';
  };
  const braced = (body: string): string => {
    const name = NAME.exec(body)?.[0] ?? '';
    const rest = body.slice(name.length);
    const op = /^(:?[-?+])/.exec(rest)?.[1];
    if (!name || (!op && rest)) return `\${${body}}`;
    if (!op) return lookup(name);
    const arg = rest.slice(op.length);
    const value = vars.get(name);
    const empty = op.startsWith(':') ? !value : value === undefined;
    switch (op.at(-1)) {
      case '-':
        return empty ? expand(arg) : value!;
      case '+':
        return empty ? '' : expand(arg);
      default:
        if (empty) required ??= { name, message: expand(arg) || `${name} is required` };
        return value ?? '';
    }
  };
  const value = expand(text);
  return { value, unset, ...(required ? { required } : {}) };
}
