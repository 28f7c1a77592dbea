import type { ObjectRule } from '../rule.js';
import { containerName } from '../../lint/pod-facts.js';

export const privilegeEscalation: ObjectRule = {
  meta: {
    id: 'privilege-escalation',
    description: 'A container does not set allowPrivilegeEscalation: false, so a setuid binary can gain privileges (the API defaults it to true)',
    remediation: 'set securityContext.allowPrivilegeEscalation: false',
    severity: 'warning',
  },
  subject: 'object',
  check: (ix) =>
    ix.containers
      .filter((s) => s.container.securityContext?.allowPrivilegeEscalation !== false)
      .map((s) => ({ object: s.pod.object, message: `${containerName(s)} allows privilege escalation`, field: `${s.at}.securityContext.allowPrivilegeEscalation` })),
};
