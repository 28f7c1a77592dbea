/**
 * The API server refuses an object whose annotations (keys plus values, in bytes) exceed 256 KiB. Slipway adds
 * its own annotations to the same pod template (a config hash), so the stack's share keeps 1 KiB free for them.
 */
import type { Issue } from '../../diagnostics/issue.js';
import type { SpecRule } from '../rule.js';

export const ANNOTATIONS_LIMIT = 256 * 1024;
export const RESERVED_FOR_SLIPWAY = 1024;

export function annotationBytes(map: Readonly<Record<string, string>>): number {
  let n = 0;
  for (const [k, v] of Object.entries(map)) n += Buffer.byteLength(k) + Buffer.byteLength(String(v));
  return n;
}

export const annotationsTooLarge: SpecRule = {
  meta: {
    id: 'annotations-too-large',
    description: `Annotations of one object stay within ${ANNOTATIONS_LIMIT - RESERVED_FOR_SLIPWAY} bytes (the API limit, less slipway's own)`,
    remediation: 'move large values into files: (a ConfigMap) and keep annotations short',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    const max = ANNOTATIONS_LIMIT - RESERVED_FOR_SLIPWAY;
    for (const [name, svc] of Object.entries(stack.services ?? {})) {
      for (const [at, map] of [
        [['services', name, 'annotations'], svc.annotations],
        [['services', name, 'ingress', 'annotations'], svc.ingress?.annotations],
      ] as const) {
        const size = map ? annotationBytes(map) : 0;
        if (size > max) issues.push({ code: 'annotations-too-large', message: `annotations of "${name}" take ${size} bytes; at most ${max} fit on one object`, hint: 'move large values into files: and keep annotations short', path: [...at] });
      }
    }
    return issues;
  },
};
