/**
 * A service's files become one ConfigMap, which the API server caps at 1 MiB of keys plus values. Content is
 * measured after expanding vars; other references (hosts, ports, names) count as 300 bytes each, more than any
 * of them expands to, so what passes here always fits.
 */
import type { SpecRule } from '../rule.js';
import { expandStatic } from './expand.js';

const CONFIGMAP_LIMIT = 1024 * 1024;
const REFERENCE_BYTES = 300;
const REFERENCE = 'x'.repeat(REFERENCE_BYTES);

export const configTooLarge: SpecRule = {
  meta: {
    id: 'config-too-large',
    description: `The files of one service fit in one ConfigMap (${CONFIGMAP_LIMIT} bytes)`,
    remediation: 'bake large files into the image, or mount them from a volume',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    return Object.entries(stack.services ?? {}).flatMap(([name, svc]) => {
      const files = Object.entries(svc.files ?? {});
      let size = 0;
      for (const [path, content] of files) {
        const key = path.split('/').pop() ?? '';
        // "N-" may be prefixed to a key that two paths share.
        size += Buffer.byteLength(key) + (files.length > 1 ? 3 : 0) + Buffer.byteLength(expandStatic(content, stack, REFERENCE) ?? content);
      }
      if (size <= CONFIGMAP_LIMIT) return [];
      return [{ code: 'config-too-large', message: `the files of "${name}" take about ${size} bytes; a ConfigMap holds at most ${CONFIGMAP_LIMIT}`, hint: 'bake large files into the image, or mount them from a volume', path: ['services', name, 'files'] }];
    });
  },
};
