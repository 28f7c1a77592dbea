import type { ObjectRule } from '../rule.js';
import { containerName } from '../../lint/pod-facts.js';

export const writableRootFilesystem: ObjectRule = {
  meta: {
    id: 'writable-root-filesystem',
    description: "A container's root filesystem is writable: an intruder can change its binaries and files",
    remediation: 'set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the process writes',
    severity: 'warning',
  },
  subject: 'object',
  check: (ix) =>
    ix.containers
      .filter((s) => s.container.securityContext?.readOnlyRootFilesystem !== true)
      .map((s) => ({ object: s.pod.object, message: `${containerName(s)} has a writable root filesystem`, field: `${s.at}.securityContext.readOnlyRootFilesystem`, stackKey: ['readOnlyRootFilesystem'] })),
};
