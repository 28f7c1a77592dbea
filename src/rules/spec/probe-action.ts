/** A Kubernetes probe has exactly one handler; none or several is rejected by the API server. */
import type { Issue } from '../../diagnostics/issue.js';
import type { ProbeSpec } from '../../model/stack.js';
import type { SpecRule } from '../rule.js';

const PROBES = ['liveness', 'readiness', 'startup'] as const;

function actions(p: ProbeSpec): number {
  return [p.http !== undefined, p.tcp === true, p.exec !== undefined].filter(Boolean).length;
}

export const probeAction: SpecRule = {
  meta: {
    id: 'probe-action',
    description: 'Each health probe has exactly one of http, tcp or exec',
    remediation: 'keep one action, e.g. readiness: {http: /ready}',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    for (const [base, svc] of Object.entries(stack.services ?? {})) {
      for (const which of PROBES) {
        const probe = svc.health?.[which];
        if (probe && actions(probe) !== 1) {
          issues.push({
            code: 'probe-action',
            message: `the ${which} probe needs exactly one of http, tcp or exec`,
            hint: 'e.g. readiness: {http: /ready}',
            path: ['services', base, 'health', which],
          });
        }
      }
    }
    return issues;
  },
};
