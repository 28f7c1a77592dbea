import type { ObjectRule } from '../rule.js';

interface Seccomp {
  securityContext?: { seccompProfile?: { type?: string } };
}

export const seccompProfileMissing: ObjectRule = {
  meta: {
    id: 'seccomp-profile-missing',
    description: 'A container runs without a seccomp profile (Unconfined): every system call of the kernel is open to it',
    remediation: 'set securityContext.seccompProfile.type: RuntimeDefault on the pod (what the restricted Pod Security Standard requires)',
    severity: 'warning',
  },
  subject: 'object',
  check: (ix) =>
    ix.containers
      .filter((s) => {
        const type = (s.container as Seccomp).securityContext?.seccompProfile?.type ?? (s.pod.spec as Seccomp).securityContext?.seccompProfile?.type;
        return type !== 'RuntimeDefault' && type !== 'Localhost';
      })
      .map((s) => ({ object: s.pod.object, message: `container "${s.container.name ?? '?'}" has no seccomp profile`, field: `${s.pod.at}.securityContext.seccompProfile` })),
};
