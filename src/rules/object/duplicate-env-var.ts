import type { ObjectRule } from '../rule.js';
import { containerName } from '../../lint/pod-facts.js';

export const duplicateEnvVar: ObjectRule = {
  meta: {
    id: 'duplicate-env-var',
    description: 'A container sets the same env var twice: only the last value counts, and a patch may pick the other',
    remediation: 'keep one entry per name',
    severity: 'warning',
  },
  subject: 'object',
  check: (ix) =>
    ix.containers.flatMap((s) => {
      const seen = new Set<string>();
      return (s.container.env ?? []).flatMap((e, i) => {
        if (!e.name) return [];
        if (!seen.has(e.name)) return (seen.add(e.name), []);
        return [{ object: s.pod.object, message: `${containerName(s)} sets ${e.name} more than once`, field: `${s.at}.env[${i}].name`, stackKey: ['env', e.name] }];
      });
    }),
};
