/**
 * Secret names the stack chooses or references (secrets:, an external password Secret, an ingress TLS
 * Secret, pull Secrets) are object names: DNS-1123 subdomains of at most 253 characters. A referenced key must be a valid
 * data key. The API server refuses the Secret, or the pod that references it, otherwise.
 */
import type { Issue } from '../../diagnostics/issue.js';
import type { SpecRule } from '../rule.js';
import { dataKeyProblem, subdomainProblem } from '../k8s-syntax.js';
import { shown } from '../shown.js';
import { ingresses } from './stack-fields.js';

const fixed = (name: string) => name.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '').slice(0, 253) || 'my-secret';

export const invalidSecretName: SpecRule = {
  meta: {
    id: 'invalid-secret-name',
    description: 'Secret names are DNS-1123 subdomains (at most 253 lowercase letters, digits, - and .); keys are valid data keys',
    remediation: 'rename the Secret, e.g. db-password',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    const name = (value: string, path: Issue['path'], what: string, atKey = false) => {
      const p = subdomainProblem(value);
      if (p) issues.push({ code: 'invalid-secret-name', message: `${what} ${shown(value)} is not a valid Secret name: it ${p}`, hint: `try "${fixed(value)}"`, path, ...(atKey ? { atKey } : {}) });
    };
    for (const secret of Object.keys(stack.secrets ?? {})) name(secret, ['secrets', secret], 'secret', true);
    for (const [infra, spec] of Object.entries(stack.infra ?? {})) {
      const ref = spec.external?.passwordSecret;
      if (!ref) continue;
      name(ref.name, ['infra', infra, 'external', 'passwordSecret', 'name'], 'password secret');
      const p = ref.key === undefined ? undefined : dataKeyProblem(ref.key);
      if (p) issues.push({ code: 'invalid-secret-name', message: `password secret key ${shown(ref.key!)} ${p}`, hint: 'e.g. key: password', path: ['infra', infra, 'external', 'passwordSecret', 'key'] });
    }
    (stack.pullSecrets ?? []).forEach((s, i) => name(s, ['pullSecrets', i], 'pull secret'));
    for (const [svc, spec] of Object.entries(stack.services ?? {})) {
      (spec.pullSecrets ?? []).forEach((s, i) => name(s, ['services', svc, 'pullSecrets', i], 'pull secret'));
    }
    for (const { path, ingress } of ingresses(stack)) {
      const tls = ingress.tls;
      if (tls && tls !== true) name(tls.secretName, [...path, 'tls', 'secretName'], 'TLS secret');
    }
    return issues;
  },
};
