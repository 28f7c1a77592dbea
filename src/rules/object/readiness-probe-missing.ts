import type { ObjectRule } from '../rule.js';
import type { PodSite } from '../../lint/object-index.js';

export const readinessProbeMissing: ObjectRule = {
  meta: {
    id: 'readiness-probe-missing',
    description: 'A container of pods a Service sends traffic to has no readiness probe: it gets requests before it can serve them, and during every rollout',
    remediation: 'add a readinessProbe (HTTP, TCP, gRPC or exec) that passes only when the container can serve',
    severity: 'warning',
  },
  subject: 'object',
  check: (ix) => {
    const served = new Set<PodSite>();
    for (const svc of ix.ofKind('Service')) {
      const selector = (svc as { spec?: { selector?: Record<string, string> } }).spec?.selector;
      if (!selector || !Object.keys(selector).length) continue;
      for (const p of ix.podsSelectedBy(ix.namespaceOf(svc), { matchLabels: selector })) served.add(p);
    }
    return ix.containers
      .filter((s) => !s.init && served.has(s.pod) && !s.container.readinessProbe)
      .map((s) => ({ object: s.pod.object, message: `container "${s.container.name ?? '?'}" receives Service traffic but has no readiness probe`, field: `${s.at}.readinessProbe`, stackKey: ['health'] }));
  },
};
