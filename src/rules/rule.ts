/**
 * The rule contract: a named check with metadata (kube-linter's shape: id, description, remediation, default
 * severity, enabled by default) over one subject. `validate` runs the spec rules; `lint` runs the resolved and
 * object rules through the same contract, so every rule has one id, one doc line and one place in the registry.
 */
import type { CatalogEntry } from '../catalog/contract.js';
import type { Issue } from '../diagnostics/issue.js';
import type { Severity } from '../diagnostics/diagnostic.js';
import type { K8sObject } from '../k8s/object.js';
import type { ModelPath } from '../load/source.js';
import type { ObjectIndex } from '../lint/object-index.js';
import type { ResolvedStack } from '../model/resolved.js';
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
  /** Off unless a lint config turns it on (a check some teams want and others do not). @default true */
  enabledByDefault?: boolean;
  /**
   * A production-readiness check: for a stack it runs only on environments with the production profile (a
   * dev environment with one replica is not a finding); plain manifests are always linted as production.
   * @default false
   */
  productionOnly?: boolean;
  /** Its findings point at a secret value: printers show no code frame for them. @default false */
  sensitive?: boolean;
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

/** A rule over one environment's resolved stack (defaults applied): what only the whole model shows. */
export interface ResolvedRule {
  meta: RuleMeta;
  subject: 'resolved';
  /** Findings located by stack path, like spec rules' (the code is the rule id). */
  check(stack: ResolvedStack): Omit<Issue, 'code'>[];
}

/** A finding of an object rule: the object, and where inside it. */
export interface ObjectFinding {
  object: K8sObject;
  message: string;
  /** @default the rule's remediation */
  hint?: string;
  /** @default the rule's severity */
  severity?: Severity;
  /** Dotted path inside the object, e.g. `spec.template.spec.containers[0].image`. */
  field?: string;
  /**
   * For a stack's object: the key under the component's stack entry the finding is about (e.g. ['image']), so
   * it points at that line when the stack sets it, else at the component.
   */
  stackKey?: ModelPath;
}

/** A rule over the whole set of objects (rendered from a stack, or read from manifests or a cluster). */
export interface ObjectRule {
  meta: RuleMeta;
  subject: 'object';
  check(objects: ObjectIndex): ObjectFinding[];
}

export type Rule = SpecRule | ResolvedRule | ObjectRule;

/** Findings of a rule, stamped with its id and default severity (a finding may still choose its own). */
export function runRule(rule: SpecRule, stack: StackSpec, ctx: SpecContext): Issue[] {
  return rule.check(stack, ctx).map((i) => ({ severity: rule.meta.severity, ruleId: rule.meta.id, ...i }));
}
