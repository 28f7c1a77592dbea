import type { ObjectRule } from '../rule.js';
import type { PodSite } from '../../lint/object-index.js';

interface Deployment {
  spec?: { strategy?: { type?: string } };
}

export const recreateStrategy: ObjectRule = {
  meta: {
    id: 'recreate-strategy',
    description: 'A Deployment a Service routes to uses the Recreate strategy: every rollout stops all its pods before starting new ones, an outage each time',
    remediation:
      'use the RollingUpdate strategy; a process that must never run twice (one ReadWriteOnce volume, a single writer) belongs in a StatefulSet, or keep Recreate with an ignore and its reason',
    severity: 'warning',
    productionOnly: true,
  },
  subject: 'object',
  check: (ix) => {
    const recreating = ix.ofKind('Deployment').filter((o) => (o as Deployment).spec?.strategy?.type === 'Recreate');
    if (!recreating.length) return [];
    const served = new Set<PodSite>();
    for (const svc of ix.ofKind('Service')) {
      const selector = (svc as { spec?: { selector?: Record<string, string> } }).spec?.selector;
      if (selector && Object.keys(selector).length) for (const p of ix.podsSelectedBy(ix.namespaceOf(svc), { matchLabels: selector })) served.add(p);
    }
    return recreating.filter((o) => served.has(ix.podOf(o)!)).map((o) => ({ object: o, message: `Deployment ${o.metadata.name} is recreated on every rollout while a Service routes to it`, field: 'spec.strategy.type' }));
  },
};
