/**
 * Every volume, config file and writable dir is a mount of the app container, and the API server refuses two
 * mounts at one path. /tmp is always a writable dir while the root filesystem is read-only.
 */
import type { Issue } from '../../diagnostics/issue.js';
import { writablePaths } from '../../model/storage.js';
import type { SpecRule } from '../rule.js';

export const volumePathClash: SpecRule = {
  meta: {
    id: 'volume-path-clash',
    description: 'A volume is mounted at a path no file, writable dir or other volume uses',
    remediation: 'mount the volume at its own path',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    for (const [name, svc] of Object.entries(stack.services ?? {})) {
      const taken = new Map<string, string>();
      for (const file of Object.keys(svc.files ?? {})) taken.set(file, 'a config file');
      if (svc.readOnlyRootFilesystem !== false) for (const p of ['/tmp', ...writablePaths(svc.writable)]) taken.set(p, 'a writable dir');
      for (const [volume, v] of Object.entries(svc.volumes ?? {})) {
        const path = v.path.replace(/(.)\/+$/, '$1');
        const other = taken.get(path);
        taken.set(path, `volume "${volume}"`);
        if (!other) continue;
        issues.push({
          code: 'volume-path-clash',
          message: `volume "${volume}" of "${name}" is mounted at ${path}, which is already ${other}${path === '/tmp' ? ' (/tmp is always writable)' : ''}`,
          hint: `mount it elsewhere, e.g. ${path === '/tmp' ? '/data' : `${path}-data`}`,
          path: ['services', name, 'volumes', volume, 'path'],
        });
      }
    }
    return issues;
  },
};
