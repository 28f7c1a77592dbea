/**
 * The rule contract: a named check with metadata (kube-linter's shape: id, description, remediation, default
 * severity) over one subject. `validate` runs the spec rules; `lint` and `analyze` will run resolved and object
 * rules through the same contract, so every rule has one id, one doc line and one place in the registry.
 */
import type { CatalogEntry } from '../catalog/contract.js';
import type { Issue } from '../diagnostics/issue.js';
import type { Severity } from '../diagnostics/diagnostic.js';
import type { StackSpec } from '../model/stack.js';

export interface RuleMeta {
  /** Stable id, kebab-case; also the file name under rules/<subject>/, and the code of its findings. */
  id: string;
  /** One line: what the rule checks. */
  description: string;
  /** One line: how to fix a finding. */
  remediation: string;
  /** @default 'error' */
  severity: Severity;
}

/** What a spec rule may look up besides the stack: facts that live in the catalog, not in the file. */
export interface SpecContext {
  /** The catalog entry behind an infra `type:`, or undefined for an unknown type (resolve reports those). */
  catalog(type: string): CatalogEntry | undefined;
}

/** A rule over one environment's merged stack as written (after the schema check passed). */
export interface SpecRule {
  meta: RuleMeta;
  subject: 'spec';
  check(stack: StackSpec, ctx: SpecContext): Issue[];
}

export type Rule = SpecRule;

/** Findings of a rule, stamped with its id and default severity (a finding may still choose its own). */
export function runRule(rule: SpecRule, stack: StackSpec, ctx: SpecContext): Issue[] {
  return rule.check(stack, ctx).map((i) => ({ severity: rule.meta.severity, ruleId: rule.meta.id, ...i }));
}
