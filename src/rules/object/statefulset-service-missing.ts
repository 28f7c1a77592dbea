import type { ObjectRule } from '../rule.js';

interface Sts {
  spec?: { serviceName?: string };
}
interface Svc {
  spec?: { clusterIP?: string };
}

export const statefulsetServiceMissing: ObjectRule = {
  meta: {
    id: 'statefulset-service-missing',
    description:
      "A StatefulSet's serviceName names no headless Service in its namespace: its pods get no stable DNS names, so replicas cannot find each other or be addressed one by one",
    remediation: 'set spec.serviceName to a Service with clusterIP: None that selects the pods (and write that Service)',
    severity: 'warning',
  },
  subject: 'object',
  check: (ix) =>
    ix.ofKind('StatefulSet').flatMap((o) => {
      const name = (o as Sts).spec?.serviceName;
      if (!name) return [{ object: o, message: `StatefulSet ${o.metadata.name} names no governing Service`, field: 'spec.serviceName' }];
      const svc = ix.get('Service', ix.namespaceOf(o), name);
      if (!svc) return [{ object: o, message: `StatefulSet ${o.metadata.name}: Service ${name} is not in the input`, field: 'spec.serviceName' }];
      if ((svc as Svc).spec?.clusterIP !== 'None') return [{ object: o, message: `StatefulSet ${o.metadata.name}: Service ${name} is not headless (clusterIP: None)`, field: 'spec.serviceName' }];
      return [];
    }),
};
