import type { ObjectRule } from '../rule.js';
import { referencesOf } from '../../lint/references.js';

export const danglingConfigMap: ObjectRule = {
  meta: {
    id: 'dangling-config-map',
    description: 'A pod reads a ConfigMap (env, envFrom or a volume, not optional) that is not in the input: the pod never starts',
    remediation: 'add the ConfigMap to the manifests, fix the name, or mark the reference optional: true',
    severity: 'warning',
  },
  subject: 'object',
  check: (ix) =>
    ix.pods.flatMap((p) =>
      referencesOf(p, 'ConfigMap')
        .filter((r) => !ix.get('ConfigMap', p.namespace, r.name))
        .map((r) => ({ object: p.object, message: `ConfigMap ${r.name} is not in the input`, field: r.field, stackKey: ['files'] })),
    ),
};
