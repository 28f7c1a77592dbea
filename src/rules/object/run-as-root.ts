import type { ObjectRule } from '../rule.js';
import { containerName, effective } from '../../lint/pod-facts.js';

export const runAsRoot: ObjectRule = {
  meta: {
    id: 'run-as-root',
    description: 'A container may run as root: neither it nor its pod sets runAsNonRoot: true or a non-zero runAsUser',
    remediation: 'set securityContext.runAsNonRoot: true and a runAsUser above 0 (an image user that is not root)',
    severity: 'warning',
  },
  subject: 'object',
  check: (ix) =>
    ix.containers
      .filter((s) => effective(s, 'runAsNonRoot') !== true && !((effective(s, 'runAsUser') ?? 0) > 0))
      .map((s) => ({ object: s.pod.object, message: `${containerName(s)} may run as root`, field: `${s.at}.securityContext.runAsNonRoot`, stackKey: ['user'] })),
};
