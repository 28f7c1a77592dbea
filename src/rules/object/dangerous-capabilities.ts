import type { ObjectRule } from '../rule.js';
import { containerName } from '../../lint/pod-facts.js';

/** Capabilities that amount to control of the node or of other containers on it. */
const DANGEROUS = new Set(['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'SYS_MODULE', 'SYS_PTRACE', 'SYS_RAWIO', 'SYS_BOOT', 'BPF', 'PERFMON', 'DAC_READ_SEARCH']);

export const dangerousCapabilities: ObjectRule = {
  meta: {
    id: 'dangerous-capabilities',
    description: 'A container adds a capability that gives control of the node (ALL, SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE, …)',
    remediation: 'remove the capability from securityContext.capabilities.add; run the privileged part as a separate, reviewed component',
    severity: 'error',
  },
  subject: 'object',
  check: (ix) =>
    ix.containers.flatMap((s) => {
      const bad = (s.container.securityContext?.capabilities?.add ?? []).filter((c) => DANGEROUS.has(c.toUpperCase().replace(/^CAP_/, '')));
      return bad.length ? [{ object: s.pod.object, message: `${containerName(s)} adds ${bad.join(', ')}`, field: `${s.at}.securityContext.capabilities.add` }] : [];
    }),
};
