import type { ResolvedRule } from '../rule.js';

export const useWithoutWait: ResolvedRule = {
  meta: {
    id: 'use-without-wait',
    description: 'A service uses infra with wait: false: it starts before the server is ready, so it must retry its connection',
    remediation: 'drop `wait: false` unless the service retries (or needs the address only); say why in a comment next to it',
    severity: 'info',
  },
  subject: 'resolved',
  check: (stack) =>
    stack.services.flatMap((s) =>
      s.uses
        .filter((u) => u.targetKind === 'infra' && !u.wait)
        .map((u) => ({ message: `${s.name} starts without waiting for ${u.target}`, path: ['services', s.base, 'uses'] })),
    ),
};
