import { isDeepStrictEqual } from 'node:util';
import type { ObjectRule } from '../rule.js';

export const probesIdentical: ObjectRule = {
  meta: {
    id: 'probes-identical',
    description: 'A container has the same readiness and liveness probe: a slow dependency makes it unready, then restarts it too, cascading',
    remediation: 'make the liveness probe check only the process itself, with a higher failureThreshold than readiness',
    severity: 'warning',
  },
  subject: 'object',
  check: (ix) =>
    ix.containers
      .filter((s) => s.container.readinessProbe && s.container.livenessProbe && isDeepStrictEqual(s.container.readinessProbe, s.container.livenessProbe))
      .map((s) => ({ object: s.pod.object, message: `container "${s.container.name ?? '?'}" has identical readiness and liveness probes`, field: `${s.at}.livenessProbe`, stackKey: ['health'] })),
};
