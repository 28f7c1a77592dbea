/** Annotation keys on pods and ingresses are qualified names (the API server checks them lower-cased). */
import type { Issue } from '../../diagnostics/issue.js';
import type { SpecRule } from '../rule.js';
import { qualifiedNameProblem } from '../k8s-syntax.js';
import { shown } from '../shown.js';

export const invalidAnnotation: SpecRule = {
  meta: {
    id: 'invalid-annotation',
    description: 'Annotation keys are qualified names: [prefix/]name, prefix a DNS subdomain, name at most 63 characters',
    remediation: 'rename the key, e.g. example.com/owner',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    for (const [name, svc] of Object.entries(stack.services ?? {})) {
      const maps: [readonly (string | number)[], Record<string, string> | undefined][] = [
        [['services', name, 'annotations'], svc.annotations],
        [['services', name, 'ingress', 'annotations'], svc.ingress?.annotations],
      ];
      for (const [at, map] of maps) {
        for (const key of Object.keys(map ?? {})) {
          const p = qualifiedNameProblem(key.toLowerCase());
          if (p) issues.push({ code: 'invalid-annotation', message: `annotation key ${shown(key)} is not valid: ${p}`, hint: 'a key is name or prefix/name, e.g. example.com/owner', path: [...at, key], atKey: true });
        }
      }
    }
    return issues;
  },
};
