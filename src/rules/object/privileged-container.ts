import type { ObjectRule } from '../rule.js';
import { containerName } from '../../lint/pod-facts.js';

export const privilegedContainer: ObjectRule = {
  meta: {
    id: 'privileged-container',
    description: 'A container runs privileged: it has every capability and the host devices, so escaping it is trivial',
    remediation: 'drop securityContext.privileged; add only the capabilities the process needs',
    severity: 'error',
  },
  subject: 'object',
  check: (ix) =>
    ix.containers
      .filter((s) => s.container.securityContext?.privileged === true)
      .map((s) => ({ object: s.pod.object, message: `${containerName(s)} is privileged`, field: `${s.at}.securityContext.privileged` })),
};
