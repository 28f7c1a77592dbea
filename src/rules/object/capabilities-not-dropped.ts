import type { ObjectRule } from '../rule.js';
import { containerName } from '../../lint/pod-facts.js';

export const capabilitiesNotDropped: ObjectRule = {
  meta: {
    id: 'capabilities-not-dropped',
    description: 'A container keeps the default Linux capabilities (NET_RAW among them) instead of dropping ALL',
    remediation: 'set securityContext.capabilities.drop: [ALL] and add back only what the process needs',
    severity: 'warning',
  },
  subject: 'object',
  check: (ix) =>
    ix.containers
      .filter((s) => !(s.container.securityContext?.capabilities?.drop ?? []).some((c) => c.toUpperCase() === 'ALL'))
      .map((s) => ({ object: s.pod.object, message: `${containerName(s)} does not drop ALL capabilities`, field: `${s.at}.securityContext.capabilities.drop` })),
};
