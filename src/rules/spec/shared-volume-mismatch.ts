/**
 * A shared volume is one claim, written once (by the first service listing it): its size, storage class and
 * access mode can only be one value, so every service listing it must say the same. Paths may differ.
 */
import type { Issue } from '../../diagnostics/issue.js';
import { accessModeOf } from '../../model/volumes.js';
import type { SpecRule } from '../rule.js';

export const sharedVolumeMismatch: SpecRule = {
  meta: {
    id: 'shared-volume-mismatch',
    description: 'Every service listing a shared volume gives it the same size, storage class and access mode',
    remediation: 'use the same size, storageClass and accessMode for the volume in every service',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    const first = new Map<string, { service: string; claim: Record<string, string> }>();
    for (const [name, svc] of Object.entries(stack.services ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      for (const [volume, v] of Object.entries(svc.volumes ?? {})) {
        if (!v.shared) continue;
        const claim = { size: String(v.size), storageClass: v.storageClass ?? '(the cluster default)', accessMode: accessModeOf(v) };
        const seen = first.get(volume);
        if (!seen) {
          first.set(volume, { service: name, claim });
          continue;
        }
        const field = (['size', 'storageClass', 'accessMode'] as const).find((k) => seen.claim[k] !== claim[k]);
        if (!field) continue;
        issues.push({
          code: 'shared-volume-mismatch',
          message: `shared volume "${volume}" has ${field} ${claim[field]} in "${name}" but ${seen.claim[field]} in "${seen.service}": it is one claim`,
          hint: `use ${field}: ${seen.claim[field]} here too`,
          path: ['services', name, 'volumes', volume, ...(v[field] !== undefined ? [field] : [])],
          ...(v[field] === undefined ? { atKey: true } : {}),
        });
      }
    }
    return issues;
  },
};
