import type { ObjectRule } from '../rule.js';

interface Ingress {
  spec?: { tls?: { hosts?: string[] }[]; rules?: { host?: string }[] };
}

export const ingressWithoutTls: ObjectRule = {
  meta: {
    id: 'ingress-without-tls',
    description: 'An Ingress serves a host without TLS: logins and cookies cross the internet in clear text',
    remediation: 'add spec.tls for the host (a stack: ingress.tls: true, with cert-manager or a Secret you provide)',
    severity: 'warning',
    productionOnly: true,
  },
  subject: 'object',
  check: (ix) =>
    ix.ofKind('Ingress').flatMap((ing) => {
      const spec = (ing as Ingress).spec ?? {};
      const secured = new Set((spec.tls ?? []).flatMap((t) => t.hosts ?? []));
      const open = (spec.rules ?? []).map((r) => r.host).filter((h): h is string => !!h && !secured.has(h));
      return open.length ? [{ object: ing, message: `Ingress ${ing.metadata.name} serves ${open.join(', ')} without TLS`, field: 'spec.tls', stackKey: ['ingress'] }] : [];
    }),
};
