/** An external instance is reached by its host (or, for some entries, a broker list); without one there is no address. */
import type { Issue } from '../../diagnostics/issue.js';
import type { SpecRule } from '../rule.js';
import { catalogInfra } from './stack-fields.js';

export const externalNeedsHost: SpecRule = {
  meta: {
    id: 'external-needs-host',
    description: 'External infra names its server (external.host, or the fields its catalog entry accepts)',
    remediation: 'add `external: {host: db.example.internal}`',
    severity: 'error',
  },
  subject: 'spec',
  check(stack, ctx) {
    const issues: Issue[] = [];
    for (const { name, spec, entry } of catalogInfra(stack, ctx)) {
      if (spec.mode !== 'external') continue;
      const ext = spec.external as Readonly<Record<string, unknown>> | undefined;
      const fields = entry.externalHostFields ?? ['host'];
      const named = fields.some((f) => {
        const v = ext?.[f];
        return Array.isArray(v) ? v.length > 0 : Boolean(v);
      });
      if (named) continue;
      issues.push({
        code: 'external-needs-host',
        message: `external ${entry.type} "${name}" needs ${fields.map((f) => `external.${f}`).join(' or ')}`,
        hint: 'add `external: {host: db.example.internal, passwordSecret: {name: db-password}}`',
        path: ['infra', name, ext ? 'external' : 'mode'],
      });
    }
    return issues;
  },
};
