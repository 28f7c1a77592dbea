import type { ObjectRule } from '../rule.js';
import { containerName } from '../../lint/pod-facts.js';

export const cpuLimitMissing: ObjectRule = {
  meta: {
    id: 'cpu-limit-missing',
    description: 'A container has no CPU limit (off by default: many teams leave CPU unlimited on purpose to avoid throttling)',
    remediation: 'set resources.limits.cpu when the namespace must not let one pod starve the others',
    severity: 'info',
    enabledByDefault: false,
  },
  subject: 'object',
  check: (ix) =>
    ix.containers
      .filter((s) => s.container.resources?.limits?.cpu === undefined)
      .map((s) => ({ object: s.pod.object, message: `${containerName(s)} has no CPU limit`, field: `${s.at}.resources.limits.cpu`, stackKey: ['resources'] })),
};
