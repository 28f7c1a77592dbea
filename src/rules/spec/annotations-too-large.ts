/**
 * The API server refuses an object whose annotations (keys plus values, in bytes) exceed 256 KiB. Slipway adds
 * its own annotations to the same pod template (a config hash), so the stack's share keeps 1 KiB free for them.
 */
import type { SpecRule } from '../rule.js';
import { annotationMaps } from './stack-fields.js';

const ANNOTATIONS_LIMIT = 256 * 1024;
const RESERVED_FOR_SLIPWAY = 1024;

function annotationBytes(map: Readonly<Record<string, string>>): number {
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
    const max = ANNOTATIONS_LIMIT - RESERVED_FOR_SLIPWAY;
    return annotationMaps(stack).flatMap(({ name, path, map }) => {
      const size = annotationBytes(map);
      return size > max ? [{ code: 'annotations-too-large', message: `annotations of "${name}" take ${size} bytes; at most ${max} fit on one object`, hint: 'move large values into files: and keep annotations short', path }] : [];
    });
  },
};
