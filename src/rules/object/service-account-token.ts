import type { ObjectRule } from '../rule.js';

export const serviceAccountToken: ObjectRule = {
  meta: {
    id: 'service-account-token',
    description: 'A pod gets an API token mounted (automountServiceAccountToken is not false on the pod nor on its ServiceAccount)',
    remediation: 'set automountServiceAccountToken: false on the pod (or its ServiceAccount) unless it calls the Kubernetes API',
    severity: 'warning',
  },
  subject: 'object',
  check: (ix) =>
    ix.pods.flatMap((p) => {
      if (p.spec.automountServiceAccountToken !== undefined) return p.spec.automountServiceAccountToken ? [{ object: p.object, message: 'the pod mounts a ServiceAccount token', field: `${p.at}.automountServiceAccountToken`, stackKey: ['serviceAccountToken'] }] : [];
      const account = ix.get('ServiceAccount', p.namespace, p.spec.serviceAccountName ?? 'default') as { automountServiceAccountToken?: boolean } | undefined;
      return account?.automountServiceAccountToken === false ? [] : [{ object: p.object, message: 'the pod mounts a ServiceAccount token (neither it nor its ServiceAccount turns that off)', field: `${p.at}.automountServiceAccountToken`, stackKey: ['serviceAccountToken'] }];
    }),
};
