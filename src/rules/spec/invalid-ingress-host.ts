/** Ingress hosts as the Ingress API validates them: a DNS-1123 subdomain, or one with a leading `*.`; never an IP. */
import type { Issue } from '../../diagnostics/issue.js';
import type { SpecRule } from '../rule.js';
import { expandStatic } from './expand.js';
import { subdomainProblem } from '../k8s-syntax.js';
import { shown } from '../shown.js';
import { ingresses } from './stack-fields.js';

function hostProblem(host: string): { problem: string; fix?: string } | undefined {
  const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.exec(host);
  if (scheme) return { problem: 'must not include a scheme', fix: host.slice(scheme[0].length) };
  if (host.includes('/')) return { problem: 'must not include a path (use ingress.path)', fix: host.slice(0, host.indexOf('/')) };
  if (host.includes(':')) return { problem: 'must not include a port (the Ingress serves 80/443)', fix: host.slice(0, host.indexOf(':')) };
  if (/^[0-9.]+$/.test(host)) return { problem: 'must be a DNS name, not an IP address' };
  if (/[A-Z]/.test(host)) return { problem: 'must be lower case', fix: host.toLowerCase() };
  if (host.includes('*')) {
    if (!host.startsWith('*.') || host.indexOf('*', 1) >= 0) return { problem: 'may use a wildcard only as its whole first label, as in *.example.com' };
    const rest = subdomainProblem(host.slice(2));
    return rest || host.length > 253 ? { problem: `after "*." it ${rest ?? 'must be at most 253 characters'}` } : undefined;
  }
  const p = subdomainProblem(host);
  return p ? { problem: p } : undefined;
}

export const invalidIngressHost: SpecRule = {
  meta: {
    id: 'invalid-ingress-host',
    description: 'Ingress hosts are DNS names the Ingress API accepts (no scheme, port, path or upper case; wildcard only as *.)',
    remediation: 'write just the host name, e.g. shop.example.com or *.example.com',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    for (const { name, path, ingress } of ingresses(stack)) {
      const written = ingress.host;
      const host = expandStatic(written, stack);
      if (host === undefined) continue;
      const found = hostProblem(host);
      if (!found) continue;
      const via = host === written ? '' : ` (${shown(written)} expands to ${shown(host)})`;
      issues.push({
        code: 'invalid-ingress-host',
        message: `ingress host ${shown(host)} of "${name}" ${found.problem}${via}`,
        hint: found.fix ? `write host: ${found.fix}` : 'a host is a DNS name such as shop.example.com, or *.example.com for every subdomain',
        path: [...path, 'host'],
      });
    }
    return issues;
  },
};
