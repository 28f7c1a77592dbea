import type { ResolvedRule } from '../rule.js';

export const externalWithoutTls: ResolvedRule = {
  meta: {
    id: 'external-without-tls',
    description: 'A production environment reaches an external server without TLS: credentials and data cross the network in clear text',
    remediation: 'set external.tls: true (and the client option that goes with it); if the server offers no TLS, explain the private path in a comment',
    severity: 'warning',
    productionOnly: true,
  },
  subject: 'resolved',
  check: (stack) =>
    stack.infra
      .filter((i) => i.mode === 'external' && i.external && i.external.tls !== true)
      .map((i) => ({ message: `external ${i.type} server ${i.name} is reached without TLS`, path: ['infra', i.name, 'external', 'tls'] })),
};
