import type { ObjectRule } from '../rule.js';
import { referencesOf } from '../../lint/references.js';

export const danglingSecret: ObjectRule = {
  meta: {
    id: 'dangling-secret',
    description: 'A pod reads a Secret (not optional) that is not in the input (off by default: Secrets usually come from elsewhere, not from manifests)',
    remediation: 'make sure the Secret exists before the pod starts (for a stack, `slipway preflight` checks it on the cluster)',
    severity: 'info',
    enabledByDefault: false,
  },
  subject: 'object',
  check: (ix) =>
    ix.pods.flatMap((p) =>
      referencesOf(p, 'Secret')
        .filter((r) => !ix.get('Secret', p.namespace, r.name))
        .map((r) => ({ object: p.object, message: `Secret ${r.name} is not in the input`, field: r.field })),
    ),
};
