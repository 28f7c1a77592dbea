/** Port names become container and Service port names, which Kubernetes holds to IANA service names. */
import type { Issue } from '../../diagnostics/issue.js';
import { isPortName, MAX_PORT_NAME } from '../k8s-syntax.js';
import type { SpecRule } from '../rule.js';

export const invalidPortName: SpecRule = {
  meta: {
    id: 'invalid-port-name',
    description: 'Port names are IANA service names (at most 15 lowercase letters, digits and -, with a letter)',
    remediation: 'rename the port, e.g. http, grpc, metrics',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    for (const [name, svc] of Object.entries(stack.services ?? {})) {
      for (const port of Object.keys(svc.ports ?? {})) {
        if (isPortName(port)) continue;
        issues.push({
          code: 'invalid-port-name',
          message: `port name "${port}" is not a valid IANA service name (at most ${MAX_PORT_NAME} lowercase letters, digits and '-', with a letter)`,
          hint: 'e.g. http, grpc, metrics',
          path: ['services', name, 'ports', port],
          atKey: true,
        });
      }
    }
    return issues;
  },
};
