import type { ObjectRule } from '../rule.js';
import { autoscalersOf, replicated } from '../../lint/pod-facts.js';

export const hpaWithReplicas: ObjectRule = {
  meta: {
    id: 'hpa-with-replicas',
    description: 'A workload scaled by a HorizontalPodAutoscaler also sets spec.replicas: every apply resets the count the autoscaler chose',
    remediation: 'drop spec.replicas from the workload and let the autoscaler own it',
    severity: 'warning',
  },
  subject: 'object',
  check: (ix) =>
    replicated(ix)
      .filter((w) => (w as { spec?: { replicas?: number } }).spec?.replicas !== undefined && autoscalersOf(ix, w).length > 0)
      .map((w) => ({ object: w, message: `${w.kind} ${w.metadata.name} sets replicas though an autoscaler scales it`, field: 'spec.replicas', stackKey: ['replicas'] })),
};
