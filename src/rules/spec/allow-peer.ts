/**
 * An `allow:` entry says one direction (from or to) and names a peer that exists: a service or internal infra of
 * this stack. External infra runs no pods to select; egress to it comes from `uses:` (and its `external.cidr`).
 */
import { suggest } from '../../diagnostics/did-you-mean.js';
import type { Issue } from '../../diagnostics/issue.js';
import type { SpecRule } from '../rule.js';

export const allowPeer: SpecRule = {
  meta: {
    id: 'allow-peer',
    description: 'An allow: entry has one of from and to, and a component peer names a service or internal infra of the stack',
    remediation: 'write from: <name> or to: <name> with a service or internal infra name, or a {cidr} / {namespace, pods} peer',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    const infra = stack.infra ?? {};
    const components = [...Object.keys(stack.services ?? {}), ...Object.keys(infra).filter((n) => (infra[n]?.mode ?? 'internal') === 'internal')].sort();
    for (const [base, svc] of Object.entries(stack.services ?? {})) {
      (svc.allow ?? []).forEach((a, i) => {
        const path = ['services', base, 'allow', i];
        if ((a.from === undefined) === (a.to === undefined)) {
          issues.push({
            code: 'allow-peer',
            message: a.from === undefined ? 'an allow: entry needs from: or to:' : 'an allow: entry has both from: and to:',
            hint: 'write one entry per direction: from: <peer> for incoming traffic, to: <peer> for outgoing',
            path,
          });
          return;
        }
        const dir = a.from !== undefined ? 'from' : 'to';
        const peer = a.from ?? a.to;
        if (typeof peer !== 'string' || components.includes(peer)) return;
        const external = infra[peer] !== undefined;
        issues.push({
          code: 'allow-peer',
          message: external ? `"${peer}" is external infra: it runs no pods a policy could select` : `"${peer}" is not a service or infra of this stack`,
          hint: external ? `list it under uses: (egress to it follows), and give it external.cidr to pin its addresses` : suggest(peer, components, 'components') || 'name a component, or use {namespace, pods} or {cidr} for peers outside the stack',
          path: [...path, dir],
        });
      });
    }
    return issues;
  },
};
