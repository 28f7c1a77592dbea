import type { ObjectRule } from '../rule.js';
import { containerName } from '../../lint/pod-facts.js';

export const requestsMissing: ObjectRule = {
  meta: {
    id: 'requests-missing',
    description: 'A container sets no CPU or no memory request: the scheduler packs it blind and it is the first evicted under pressure',
    remediation: 'set resources.requests.cpu and resources.requests.memory to what the container uses normally',
    severity: 'warning',
  },
  subject: 'object',
  check: (ix) =>
    ix.containers.flatMap((s) => {
      const requests = s.container.resources?.requests ?? {};
      const missing = ['cpu', 'memory'].filter((r) => requests[r] === undefined);
      return missing.length ? [{ object: s.pod.object, message: `${containerName(s)} requests no ${missing.join(' and no ')}`, field: `${s.at}.resources.requests`, stackKey: ['resources'] }] : [];
    }),
};
