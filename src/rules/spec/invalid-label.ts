/**
 * Labels as the API server validates them (qualified-name keys, values of at most 63 safe characters): a service's
 * labels, and observability.metrics.labels (put on ServiceMonitors and PrometheusRules), in the base and in every
 * environment's patch.
 */
import type { Issue } from '../../diagnostics/issue.js';
import type { SpecRule } from '../rule.js';
import { labelValueProblem, qualifiedNameProblem } from '../k8s-syntax.js';
import { shown } from '../shown.js';

/** Issues for one label map (labels, nodeSelector): bad keys at the key, bad values at the value. */
export function labelMapIssues(map: Readonly<Record<string, string>>, at: Issue['path'], code: string, what: string, valueHint = 'put longer or free-form text in an annotation instead'): Issue[] {
  const issues: Issue[] = [];
  for (const [key, value] of Object.entries(map)) {
    const k = qualifiedNameProblem(key);
    if (k) issues.push({ code, message: `${what} key ${shown(key)} is not valid: ${k}`, hint: 'a key is name or prefix/name, e.g. team or example.com/team', path: [...at, key], atKey: true });
    const v = typeof value === 'string' ? labelValueProblem(value) : undefined;
    if (v) issues.push({ code, message: `${what} value ${shown(value)} of ${shown(key)} ${v}`, hint: valueHint, path: [...at, key] });
  }
  return issues;
}

export const invalidLabel: SpecRule = {
  meta: {
    id: 'invalid-label',
    description: 'Label keys (services, observability.metrics.labels) are qualified names and values at most 63 of [A-Za-z0-9._-], alphanumeric at both ends',
    remediation: 'shorten or rename the label; put free-form text into annotations',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const metrics = (at: Issue['path'], labels: Readonly<Record<string, string>> | undefined) => labelMapIssues(labels ?? {}, [...at, 'observability', 'metrics', 'labels'], 'invalid-label', 'label');
    return [
      ...Object.entries(stack.services ?? {}).flatMap(([name, svc]) => labelMapIssues(svc.labels ?? {}, ['services', name, 'labels'], 'invalid-label', 'label')),
      ...metrics([], stack.observability?.metrics?.labels),
      ...Object.entries(stack.environments ?? {}).flatMap(([env, e]) => metrics(['environments', env], e.observability?.metrics?.labels)),
    ];
  },
};
