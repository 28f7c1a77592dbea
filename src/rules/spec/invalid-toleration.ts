/**
 * Tolerations as the pod validation checks them: the key is a qualified name; without a key the operator must
 * be Exists (tolerate everything); Exists takes no value; an Equal value is a valid label value.
 */
import type { Issue } from '../../diagnostics/issue.js';
import type { SpecRule } from '../rule.js';
import { placements } from './stack-fields.js';
import { labelValueProblem, qualifiedNameProblem } from '../k8s-syntax.js';
import { shown } from '../shown.js';

export const invalidToleration: SpecRule = {
  meta: {
    id: 'invalid-toleration',
    description: 'Tolerations have a qualified-name key (or operator Exists), no value with Exists, and a label-value value',
    remediation: 'e.g. {key: dedicated, operator: Equal, value: data, effect: NoSchedule}',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    for (const { name, path, placement } of placements(stack)) {
      (placement.tolerations ?? []).forEach((t, i) => {
        const at = [...path, 'tolerations', i];
        const add = (field: string | undefined, message: string, hint: string) => issues.push({ code: 'invalid-toleration', message: `toleration ${i + 1} of "${name}": ${message}`, hint, path: field ? [...at, field] : at });
        const operator = t.operator ?? 'Equal';
        const k = t.key ? qualifiedNameProblem(t.key) : undefined;
        if (k) add('key', `key ${shown(t.key!)} is not valid: ${k}`, 'use the taint key as the node shows it, e.g. dedicated or example.com/pool');
        if (!t.key && operator !== 'Exists') add(t.operator ? 'operator' : undefined, 'without a key the operator must be Exists (it then tolerates every taint)', 'add key: <taint key>, or set operator: Exists');
        if (operator === 'Exists' && t.value) add('value', `operator Exists takes no value (got ${shown(t.value)})`, 'remove value:, or use operator: Equal');
        const v = operator === 'Equal' && t.value !== undefined ? labelValueProblem(t.value) : undefined;
        if (v) add('value', `value ${shown(t.value!)} ${v}`, 'taint values follow the label value rules');
      });
    }
    return issues;
  },
};
