/**
 * The risks section of an analysis: `slipway lint`'s object rules over the same objects, one row per rule
 * (most severe first, then most objects), so the report says what to fix, not only what exists.
 */
import type { K8sObject } from '../k8s/object.js';
import { lintObjects } from '../lint/lint.js';
import type { Risk } from './analyze.js';

const RANK = { error: 0, warning: 1, info: 2 } as const;

export function risksOf(objects: readonly K8sObject[]): Risk[] {
  const byRule = new Map<string, Risk>();
  for (const d of lintObjects(objects)) {
    if (!d.ruleId) continue;
    const risk = byRule.get(d.ruleId) ?? { rule: d.ruleId, severity: d.severity ?? 'error', message: d.message, objects: [] };
    if (d.object && !risk.objects.includes(d.object)) risk.objects.push(d.object);
    byRule.set(d.ruleId, risk);
  }
  return [...byRule.values()]
    .map((r) => ({ ...r, objects: r.objects.sort() }))
    .sort((a, b) => RANK[a.severity] - RANK[b.severity] || b.objects.length - a.objects.length || a.rule.localeCompare(b.rule));
}
