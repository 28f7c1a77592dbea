/** A stamped service's name (base-tenant-shard) must still fit the workload name limit. */
import type { Issue } from '../../diagnostics/issue.js';
import { DNS_LABEL, MAX_NAME } from '../k8s-syntax.js';
import type { SpecRule } from '../rule.js';

export const nameTooLong: SpecRule = {
  meta: {
    id: 'name-too-long',
    description: `A service name stamped with its longest tenant and shard is at most ${MAX_NAME} characters`,
    remediation: 'shorten the service, tenant or shard name',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    const tenants = stack.tenants ?? [];
    for (const [name, svc] of Object.entries(stack.services ?? {})) {
      const tenantPart = svc.perTenant ? 1 + Math.max(0, ...tenants.map((t) => t.length)) : 0;
      const shardPart = svc.shards ? 1 + Math.max(...svc.shards.map((s) => s.length)) : 0;
      const stampedLength = name.length + tenantPart + shardPart;
      // A name with invalid characters is invalid-name's finding; one problem, one diagnostic.
      if (DNS_LABEL.test(name) && stampedLength > MAX_NAME) {
        issues.push({
          code: 'name-too-long',
          message: `"${name}" stamped with its tenant/shard is ${stampedLength} characters; the limit is ${MAX_NAME}`,
          hint: 'shorten the service, tenant or shard name',
          path: ['services', name],
          atKey: true,
        });
      }
    }
    return issues;
  },
};
