import type { ObjectRule, ObjectFinding } from '../rule.js';
import type { K8sObject } from '../../k8s/object.js';
import type { ObjectIndex } from '../../lint/object-index.js';

interface Backend {
  service?: { name?: string; port?: { name?: string; number?: number } };
}
interface Ingress {
  spec?: { defaultBackend?: Backend; rules?: { http?: { paths?: { backend?: Backend }[] } }[] };
}

function checkBackend(ix: ObjectIndex, ing: K8sObject, b: Backend | undefined, field: string): ObjectFinding[] {
  const ref = b?.service;
  if (!ref?.name) return [];
  const svc = ix.get('Service', ix.namespaceOf(ing), ref.name) as { spec?: { ports?: { name?: string; port?: number }[] } } | undefined;
  if (!svc) return [{ object: ing, message: `backend Service ${ref.name} is not in the input`, field, stackKey: ['ingress'] }];
  const ports = svc.spec?.ports ?? [];
  const want = ref.port;
  const found = !want || ports.some((p) => (want.name !== undefined ? p.name === want.name : p.port === want.number));
  return found ? [] : [{ object: ing, message: `backend Service ${ref.name} has no port ${want?.name ?? want?.number}`, field: `${field}.port`, stackKey: ['ingress'] }];
}

export const ingressBackendMissing: ObjectRule = {
  meta: {
    id: 'ingress-backend-missing',
    description: 'An Ingress routes to a Service (or a Service port) that is not in the input: those requests get 503',
    remediation: "name an existing Service and one of its ports (by name or number) in the Ingress backend",
    severity: 'error',
  },
  subject: 'object',
  check: (ix) =>
    ix.ofKind('Ingress').flatMap((ing) => {
      const spec = (ing as Ingress).spec ?? {};
      return [
        ...checkBackend(ix, ing, spec.defaultBackend, 'spec.defaultBackend.service'),
        ...(spec.rules ?? []).flatMap((r, i) => (r.http?.paths ?? []).flatMap((p, j) => checkBackend(ix, ing, p.backend, `spec.rules[${i}].http.paths[${j}].backend.service`))),
      ];
    }),
};
