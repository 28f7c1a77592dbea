/** Object rules over one object set: the index is built once and each rule makes its own linear pass. */
import type { K8sObject } from '../k8s/object.js';
import type { ObjectFinding, ObjectRule } from '../rules/rule.js';
import { ObjectIndex } from './object-index.js';

export interface RuleFinding extends ObjectFinding {
  rule: ObjectRule;
}

export function runObjectRules(objects: readonly K8sObject[], rules: readonly ObjectRule[], production: boolean): RuleFinding[] {
  const ix = new ObjectIndex(objects);
  return rules.filter((r) => production || !r.meta.productionOnly).flatMap((rule) => rule.check(ix).map((f) => ({ ...f, rule })));
}
