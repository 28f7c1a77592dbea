import type { ObjectRule } from '../rule.js';
import { containerName } from '../../lint/pod-facts.js';

export const ephemeralStorageMissing: ObjectRule = {
  meta: {
    id: 'ephemeral-storage-missing',
    description:
      "A container has no ephemeral-storage request or limit: the scheduler does not count its logs and scratch files, and one that fills the node's disk gets every pod on it evicted",
    remediation: 'set resources.requests and resources.limits of ephemeral-storage (what the process writes outside its volumes, plus logs)',
    severity: 'warning',
  },
  subject: 'object',
  check: (ix) =>
    ix.containers
      .filter((s) => s.container.resources?.requests?.['ephemeral-storage'] === undefined || s.container.resources?.limits?.['ephemeral-storage'] === undefined)
      .map((s) => {
        const which = s.container.resources?.requests?.['ephemeral-storage'] === undefined ? 'requests' : 'limits';
        return { object: s.pod.object, message: `${containerName(s)} has no ephemeral-storage ${which === 'requests' ? 'request' : 'limit'}`, field: `${s.at}.resources.${which}.ephemeral-storage`, stackKey: ['resources'] };
      }),
};
