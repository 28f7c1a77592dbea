/** The NetworkPolicy API refuses an ipBlock that is not a CIDR (a bare address, a host name, a bad prefix). */
import type { Issue } from '../../diagnostics/issue.js';
import { cidrProblem } from '../../model/network.js';
import type { SpecRule } from '../rule.js';

export const invalidCidr: SpecRule = {
  meta: {
    id: 'invalid-cidr',
    description: 'Every CIDR (allow: peers, external.cidr, network.apiServer.cidr) is an IPv4 or IPv6 block with a prefix length',
    remediation: 'write an address with its prefix length, e.g. 10.0.0.0/8, or 203.0.113.7/32 for one address',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const found: { cidr: string; path: Issue['path'] }[] = [];
    if (stack.network?.apiServer?.cidr !== undefined) found.push({ cidr: stack.network.apiServer.cidr, path: ['network', 'apiServer', 'cidr'] });
    for (const [name, spec] of Object.entries(stack.infra ?? {})) {
      if (spec.external?.cidr !== undefined) found.push({ cidr: spec.external.cidr, path: ['infra', name, 'external', 'cidr'] });
    }
    for (const [base, svc] of Object.entries(stack.services ?? {})) {
      (svc.allow ?? []).forEach((a, i) => {
        for (const dir of ['from', 'to'] as const) {
          const peer = a[dir];
          if (peer === undefined || typeof peer === 'string' || !('cidr' in peer)) continue;
          found.push({ cidr: peer.cidr, path: ['services', base, 'allow', i, dir, 'cidr'] });
          (peer.except ?? []).forEach((e, j) => found.push({ cidr: e, path: ['services', base, 'allow', i, dir, 'except', j] }));
        }
      });
    }
    return found.flatMap(({ cidr, path }) => {
      const problem = cidrProblem(cidr);
      return problem ? [{ code: 'invalid-cidr', message: `"${cidr}" is not a CIDR: ${problem}`, hint: 'e.g. 10.0.0.0/8, or 203.0.113.7/32 for one address', path }] : [];
    });
  },
};
