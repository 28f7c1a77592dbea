import type { ObjectRule } from '../rule.js';

export const serviceNodePort: ObjectRule = {
  meta: {
    id: 'service-node-port',
    description: 'A Service of type NodePort opens its port on every node, past Ingress, TLS and most network policies',
    remediation: 'use a ClusterIP Service behind an Ingress, or a LoadBalancer when it must be reached from outside',
    severity: 'warning',
  },
  subject: 'object',
  check: (ix) =>
    ix
      .ofKind('Service')
      .filter((s) => (s as { spec?: { type?: string } }).spec?.type === 'NodePort')
      .map((s) => ({ object: s, message: `Service ${s.metadata.name} is a NodePort`, field: 'spec.type', stackKey: ['expose'] })),
};
