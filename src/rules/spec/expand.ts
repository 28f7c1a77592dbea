/**
 * Spec rules see the stack as written, but some fields are templates (`${tenant}.example.com`). What a
 * reference can expand to is known well enough to check the result: vars are text from the stack (and may use
 * other vars); every other reference (env, stack, namespace, tenant, shard, service hosts and ports) expands
 * to a lowercase DNS name or a number, which `placeholder` stands for. An unknown reference gets the
 * placeholder too: it is resolve's unknown-reference error, not a finding about the field.
 */
import type { StackSpec } from '../../model/stack.js';
import { MAX_EXPANDED, parseTemplate } from '../../model/template.js';

/**
 * The text `template` expands to, or undefined when that cannot be known: an unclosed `${`, or a var cycle,
 * on the way (resolve reports both where they are written, so the field itself has nothing more to say).
 */
export function expandStatic(template: string, stack: StackSpec, placeholder = 'a'): string | undefined {
  const vars = stack.vars ?? {};
  const done = new Map<string, string | undefined>();
  const expanding: string[] = [];
  const expand = (text: string): string | undefined => {
    if (!text.includes('${')) return text;
    let out = '';
    for (const p of parseTemplate(text)) {
      if ('text' in p) out += p.text;
      else if ('unclosed' in p) return undefined;
      else {
        const name = p.ref.startsWith('vars.') ? p.ref.slice(5) : undefined;
        if (name === undefined || !Object.hasOwn(vars, name)) {
          out += placeholder;
          continue;
        }
        if (expanding.includes(name)) return undefined;
        if (!done.has(name)) {
          const raw = vars[name]!;
          expanding.push(name);
          done.set(name, typeof raw === 'string' ? expand(raw) : String(raw));
          expanding.pop();
        }
        const value = done.get(name);
        if (value === undefined) return undefined;
        out += value;
      }
      // Past this, resolve reports value-too-long; the field's own checks have nothing to add.
      if (out.length > MAX_EXPANDED) return undefined;
    }
    return out;
  };
  return expand(template);
}
