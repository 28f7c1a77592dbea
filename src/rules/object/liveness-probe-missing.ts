import type { ObjectRule } from '../rule.js';

export const livenessProbeMissing: ObjectRule = {
  meta: {
    id: 'liveness-probe-missing',
    description: 'A long-running container has no liveness probe, so a hung process is never restarted',
    remediation: 'add a livenessProbe that fails only when a restart would help (not the readiness check)',
    severity: 'info',
    enabledByDefault: false,
  },
  subject: 'object',
  check: (ix) =>
    ix.containers
      .filter((s) => !s.init && !['Job', 'CronJob'].includes(s.pod.object.kind) && !s.container.livenessProbe)
      .map((s) => ({ object: s.pod.object, message: `container "${s.container.name ?? '?'}" has no liveness probe`, field: `${s.at}.livenessProbe`, stackKey: ['health'] })),
};
