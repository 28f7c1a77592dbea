import type { ObjectRule } from '../rule.js';

export const nakedPod: ObjectRule = {
  meta: {
    id: 'naked-pod',
    description: 'A bare Pod (no Deployment, StatefulSet, DaemonSet or Job owns it): nothing recreates it when its node goes away',
    remediation: 'run it from a Deployment (a server), a Job (a task) or a StatefulSet (a member with its own storage)',
    severity: 'warning',
  },
  subject: 'object',
  check: (ix) =>
    ix
      .ofKind('Pod')
      .filter((p) => !((p.metadata.ownerReferences ?? []) as unknown[]).length)
      .map((p) => ({ object: p, message: `Pod ${p.metadata.name} has no controller` })),
};
