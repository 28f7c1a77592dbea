/** A tenant listed twice would stamp the same objects twice. */
import { duplicatesIn } from '../duplicates.js';
import type { SpecRule } from '../rule.js';

export const duplicateTenant: SpecRule = {
  meta: {
    id: 'duplicate-tenant',
    description: 'Each tenant is listed once',
    remediation: 'remove the second entry',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const tenants = stack.tenants ?? [];
    return [...duplicatesIn(tenants)].map((t) => ({
      code: 'duplicate-tenant',
      message: `tenant "${t}" is listed twice`,
      hint: 'remove the second entry',
      path: ['tenants', tenants.lastIndexOf(t)],
    }));
  },
};
