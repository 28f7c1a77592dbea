/**
 * The rule contract: a named check with metadata (kube-linter's shape: id, description, remediation, default
 * severity) over one subject. `validate` runs the spec rules; `lint` and `analyze` will run resolved and object
 * rules through the same contract, so every rule has one id, one doc line and one place in the registry.
 */
import type { Issue } from '../diagnostics/issue.js';
import type { Severity } from '../diagnostics/diagnostic.js';
import type { StackSpec } from '../model/stack.js';

export interface RuleMeta {
  /** Stable id, kebab-case; also the file name under rules/<subject>/. */
  id: string;
  /** One line: what the rule checks. */
  description: string;
  /** One line: how to fix a finding. */
  remediation: string;
  /** @default 'error' */
  severity: Severity;
}

/** A rule over one environment's merged stack as written (after the schema check passed). */
export interface SpecRule {
  meta: RuleMeta;
  subject: 'spec';
  check(stack: StackSpec): Issue[];
}

export type Rule = SpecRule;

/** Findings of a rule, stamped with its id and default severity (a finding may still choose its own). */
export function runRule(rule: SpecRule, stack: StackSpec): Issue[] {
  return rule.check(stack).map((i) => ({ severity: rule.meta.severity, ruleId: rule.meta.id, ...i }));
}
