/**
 * Object linting: the object rules over one object set (manifests, a cluster's objects, or a stack's render),
 * each finding as a diagnostic. Kept apart from stack linting (lint.ts) so that linting manifests loads no
 * generator or validator: start-up is most of the time on a few thousand objects.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { sortDiagnostics } from '../diagnostics/diagnostic.js';
import { suggest } from '../diagnostics/did-you-mean.js';
import type { LocatedObject } from '../analyze/read-manifests.js';
import { refKey, type K8sObject } from '../k8s/object.js';
import { RULES } from '../rules/index.js';
import { annotationIgnore, ignoredIds, type IgnoreVerdict } from './ignores.js';
import { ruleSet, type RuleSet } from './rule-set.js';
import { runObjectRules, type RuleFinding } from './run-object-rules.js';

export const RULE_IDS = RULES.map((r) => r.meta.id);

export const reasonless = (v: IgnoreVerdict) => !v.ignored && v.reasonless === true;
export const NO_REASON = ' (an ignore names this rule but gives no reason, so it does not apply)';

/** A finding as a diagnostic, without a location yet. */
export function base(f: RuleFinding, rules: RuleSet, verdict: IgnoreVerdict): Diagnostic {
  const { id, remediation } = f.rule.meta;
  return {
    code: id,
    ruleId: id,
    severity: f.severity ?? rules.severity(id),
    object: refKey(f.object),
    message: f.message + (reasonless(verdict) ? NO_REASON : ''),
    hint: f.hint ?? remediation,
    path: '',
    ...(f.field ? { field: f.field } : {}),
    ...(f.rule.meta.sensitive ? { sensitive: true } : {}),
  };
}

function unknownIgnores(o: K8sObject): Diagnostic[] {
  return ignoredIds(o)
    .filter((id) => !RULE_IDS.includes(id))
    .map((id) => ({ code: 'unknown-rule', severity: 'warning', object: refKey(o), message: `the ignore annotation names no rule "${id}"`, hint: suggest(id, RULE_IDS, 'rules'), path: '' }));
}

/** Lint objects read from manifests (located) or a cluster (no file). Manifests are linted as production. */
export function lintObjects(objects: readonly (LocatedObject | K8sObject)[], rules: RuleSet = ruleSet()): Diagnostic[] {
  const located: { object: K8sObject; file?: string; line?: number }[] = objects.map((o) => ('object' in o && 'file' in o ? (o as LocatedObject) : { object: o as K8sObject }));
  const where = new Map(located.map((l) => [l.object, l] as const));
  const diagnostics: Diagnostic[] = [];
  for (const f of runObjectRules(located.map((l) => l.object), rules.object, true)) {
    const verdict = annotationIgnore(f.object, f.rule.meta.id);
    if (verdict.ignored) continue;
    const at = where.get(f.object);
    diagnostics.push({ ...base(f, rules, verdict), ...(at?.file ? { file: at.file } : {}), ...(at?.line ? { line: at.line, col: 1 } : {}) });
  }
  for (const l of located) {
    for (const d of unknownIgnores(l.object)) diagnostics.push({ ...d, ...(l.file ? { file: l.file } : {}), ...(l.line ? { line: l.line, col: 1 } : {}) });
  }
  return sortDiagnostics(diagnostics);
}
