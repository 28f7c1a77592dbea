/**
 * Inline ignores, each with its reason: on an object, the annotation `ignore.lint.slipway.dev/<rule-id>:
 * "<reason>"` (on the object or on its pod template, which is where a stack's `annotations:` go); in a stack,
 * a comment `# lint-ignore <rule-id>: <reason>` on the finding's line or the line above. An ignore without a
 * reason ignores nothing: the finding stays and says so.
 */
import type { K8sObject } from '../k8s/object.js';
import { podTemplateOf } from '../k8s/pod-template.js';

export const IGNORE_ANNOTATION_PREFIX = 'ignore.lint.slipway.dev/';

export type IgnoreVerdict = { ignored: true } | { ignored: false; reasonless?: true };

function verdict(reason: string | undefined): IgnoreVerdict {
  if (reason === undefined) return { ignored: false };
  return reason.trim() ? { ignored: true } : { ignored: false, reasonless: true };
}

/** Whether the object's annotations ignore this rule. */
export function annotationIgnore(o: K8sObject, ruleId: string): IgnoreVerdict {
  const key = IGNORE_ANNOTATION_PREFIX + ruleId;
  const own = o.metadata.annotations?.[key];
  return verdict(own ?? podTemplateOf(o)?.metadata?.annotations?.[key]);
}

const COMMENT = /#\s*lint-ignore\s+([a-z0-9-]+)\s*(?::(.*))?$/;

/** Whether a `# lint-ignore` comment on `line` (1-based) or the line above ignores this rule. */
export function commentIgnore(lines: readonly string[], line: number, ruleId: string): IgnoreVerdict {
  for (const at of [line - 1, line - 2]) {
    const m = COMMENT.exec(lines[at] ?? '');
    if (m && m[1] === ruleId) return verdict(m[2] ?? '');
  }
  return { ignored: false };
}

/** Every rule id named by an ignore annotation on the object (to report ids that name no rule). */
export function ignoredIds(o: K8sObject): string[] {
  const keys = [...Object.keys(o.metadata.annotations ?? {}), ...Object.keys(podTemplateOf(o)?.metadata?.annotations ?? {})];
  return keys.filter((k) => k.startsWith(IGNORE_ANNOTATION_PREFIX)).map((k) => k.slice(IGNORE_ANNOTATION_PREFIX.length));
}

/** Every rule id named by a lint-ignore comment, with its 1-based line. */
export function commentIds(lines: readonly string[]): { id: string; line: number }[] {
  return lines.flatMap((l, i) => {
    const m = COMMENT.exec(l);
    return m ? [{ id: m[1]!, line: i + 1 }] : [];
  });
}
