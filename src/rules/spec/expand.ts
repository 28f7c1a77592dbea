/**
 * Spec rules see the stack as written, but some fields are templates (`${tenant}.example.com`). What a
 * reference can expand to is known well enough to check the result: vars are plain text from the stack; every
 * other reference (env, stack, namespace, tenant, shard, service hosts and ports) expands to a lowercase DNS
 * name or a number, which `placeholder` stands for.
 */
import type { StackSpec } from '../../model/stack.js';
import { parseTemplate } from '../../model/template.js';

export function expandStatic(template: string, stack: StackSpec, placeholder = 'a'): string {
  if (!template.includes('${')) return template;
  return parseTemplate(template)
    .map((p) => {
      if ('text' in p) return p.text;
      // An unclosed reference is its own error (unclosed-reference); check the rest as written.
      if ('unclosed' in p) return p.unclosed;
      const v = p.ref.startsWith('vars.') ? stack.vars?.[p.ref.slice(5)] : undefined;
      return v === undefined ? placeholder : String(v);
    })
    .join('');
}
