/**
 * A Kubernetes probe has exactly one handler; none or several is rejected by the API server. Headers belong to
 * the http handler: on any other they would be dropped without a word.
 */
import type { Issue } from '../../diagnostics/issue.js';
import type { ProbeSpec } from '../../model/stack.js';
import type { SpecRule } from '../rule.js';

const PROBES = ['liveness', 'readiness', 'startup'] as const;

function actions(p: ProbeSpec): number {
  return [p.http !== undefined, p.tcp === true, p.grpc !== undefined && p.grpc !== false, p.exec !== undefined].filter(Boolean).length;
}

export const probeAction: SpecRule = {
  meta: {
    id: 'probe-action',
    description: 'Each health probe has exactly one of http, tcp, grpc or exec; headers only with http',
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
            message: `the ${which} probe needs exactly one of http, tcp, grpc or exec`,
            hint: 'e.g. readiness: {http: /ready}',
            path: ['services', base, 'health', which],
          });
        } else if (probe?.headers && probe.http === undefined) {
          issues.push({
            code: 'probe-action',
            message: `the ${which} probe sets headers, which only an http probe sends`,
            hint: 'remove headers, or probe over http: {http: /healthz, headers: {…}}',
            path: ['services', base, 'health', which, 'headers'],
            atKey: true,
          });
        }
      }
    }
    return issues;
  },
};
