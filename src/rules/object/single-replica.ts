import type { ObjectRule } from '../rule.js';
import { replicaFloor } from '../../lint/pod-facts.js';

export const singleReplica: ObjectRule = {
  meta: {
    id: 'single-replica',
    description: 'A Deployment runs one pod (and no autoscaler keeps at least two): every node drain, eviction or crash is an outage (a single-primary StatefulSet is not flagged: one replica is what it supports)',
    remediation: 'run at least 2 replicas (or an autoscaler with minReplicas ≥ 2), spread over nodes',
    severity: 'warning',
    productionOnly: true,
  },
  subject: 'object',
  check: (ix) =>
    ix
      .ofKind('Deployment')
      .filter((o) => replicaFloor(ix, o) < 2)
      .map((o) => ({ object: o, message: `Deployment ${o.metadata.name} runs ${replicaFloor(ix, o)} replica`, field: 'spec.replicas', stackKey: ['replicas'] })),
};
