/** Annotation keys on pods and ingresses are qualified names (the API server checks them lower-cased). */
import type { SpecRule } from '../rule.js';
import { annotationMaps } from './stack-fields.js';
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
    return annotationMaps(stack).flatMap(({ path, map }) =>
      Object.keys(map).flatMap((key) => {
        const p = qualifiedNameProblem(key.toLowerCase());
        return p ? [{ code: 'invalid-annotation', message: `annotation key ${shown(key)} is not valid: ${p}`, hint: 'a key is name or prefix/name, e.g. example.com/owner', path: [...path, key], atKey: true }] : [];
      }),
    );
  },
};
