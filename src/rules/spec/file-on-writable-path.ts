/**
 * A config file is mounted at its own path and each writable path gets an emptyDir mount; two mounts at one
 * path are refused by the API server. /tmp is always writable while the root filesystem is read-only.
 */
import type { Issue } from '../../diagnostics/issue.js';
import { writablePaths } from '../../model/storage.js';
import type { SpecRule } from '../rule.js';

export const fileOnWritablePath: SpecRule = {
  meta: {
    id: 'file-on-writable-path',
    description: 'No config file is mounted at a path that is also writable',
    remediation: 'put the file inside the writable directory, or choose another path for one of them',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    for (const [name, svc] of Object.entries(stack.services ?? {})) {
      if (svc.readOnlyRootFilesystem === false) continue;
      const writable = writablePaths(svc.writable);
      for (const file of Object.keys(svc.files ?? {})) {
        const at = writable.indexOf(file);
        if (at < 0 && file !== '/tmp') continue;
        issues.push({
          code: 'file-on-writable-path',
          message: `"${file}" of "${name}" is both a config file and a writable path${at < 0 ? ' (/tmp is always writable)' : ''}`,
          hint: at < 0 ? `mount the file elsewhere, e.g. ${file}/config` : `drop it from writable, or mount the file inside it, e.g. ${file}/config`,
          path: at < 0 ? ['services', name, 'files', file] : ['services', name, 'writable', at],
          ...(at < 0 ? { atKey: true } : {}),
        });
      }
    }
    return issues;
  },
};
