/**
 * Which rules a lint run uses and at what severity: the registry's defaults, changed by a lint config. A rule
 * that is off is not run at all (its cost too is saved).
 */
import type { Severity } from '../diagnostics/diagnostic.js';
import { OBJECT_RULES, RESOLVED_RULES, RULES } from '../rules/index.js';
import type { ObjectRule, ResolvedRule, Rule } from '../rules/rule.js';

/** Per rule id: off, on at its default severity, or on at this severity. */
export type RuleSetting = 'off' | 'on' | Severity;

export interface RuleSet {
  object: readonly ObjectRule[];
  resolved: readonly ResolvedRule[];
  severity(id: string): Severity;
  /** Whether the rule runs (spec rules always run in validate; lint drops their findings when off). */
  enabled(id: string): boolean;
}

const byId: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.meta.id, r]));

export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}

export function ruleSet(settings: Readonly<Record<string, RuleSetting>> = {}): RuleSet {
  const on = (r: Rule) => {
    const s = settings[r.meta.id];
    return s === undefined ? r.meta.enabledByDefault !== false : s !== 'off';
  };
  return {
    enabled: (id) => {
      const r = byId.get(id);
      return r ? on(r) : true;
    },
    object: OBJECT_RULES.filter(on),
    resolved: RESOLVED_RULES.filter(on),
    severity(id) {
      const s = settings[id];
      return s === 'error' || s === 'warning' || s === 'info' ? s : (byId.get(id)?.meta.severity ?? 'error');
    },
  };
}
