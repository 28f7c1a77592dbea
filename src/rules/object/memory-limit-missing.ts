import type { ObjectRule } from '../rule.js';
import { containerName } from '../../lint/pod-facts.js';

export const memoryLimitMissing: ObjectRule = {
  meta: {
    id: 'memory-limit-missing',
    description: 'A container has no memory limit: a leak grows until the node runs out and evicts its neighbours',
    remediation: 'set resources.limits.memory (at or a little above the request)',
    severity: 'warning',
  },
  subject: 'object',
  check: (ix) =>
    ix.containers
      .filter((s) => s.container.resources?.limits?.memory === undefined)
      .map((s) => ({ object: s.pod.object, message: `${containerName(s)} has no memory limit`, field: `${s.at}.resources.limits.memory`, stackKey: ['resources'] })),
};
