/**
 * Malformed image references (empty tag, upper-case repository, `${…}`, inner spaces) pass the API server and
 * fail only when the kubelet pulls: a warning, since the objects themselves are accepted.
 */
import type { Issue } from '../../diagnostics/issue.js';
import { catalogEntry } from '../../catalog/registry.js';
import type { SpecRule } from '../rule.js';
import { imageProblem, TAG_PATTERN } from './image-syntax.js';
import { shown } from '../shown.js';

export const imageReference: SpecRule = {
  meta: {
    id: 'image-reference',
    description: 'images are well-formed references: [registry/]repository[:tag][@digest], repository lower case',
    remediation: 'e.g. ghcr.io/acme/api:1.4.2',
    severity: 'warning',
  },
  subject: 'spec',
  check(stack) {
    const issues: Issue[] = [];
    const check = (image: string, path: (string | number)[]) => {
      if (image !== image.trim()) return; // invalid-image reports it, as an error
      const p = imageProblem(image);
      if (p) issues.push({ code: 'image-reference', message: `image ${shown(image)} ${p}; the cluster accepts it but the pull will fail`, hint: 'write [registry/]repository[:tag], e.g. ghcr.io/acme/api:1.4.2', path });
    };
    for (const [n, s] of Object.entries(stack.services ?? {})) check(s.image, ['services', n, 'image']);
    for (const [n, s] of Object.entries(stack.infra ?? {})) {
      if (s.mode === 'external') continue;
      if (s.image !== undefined) check(s.image, ['infra', n, 'image']);
      else if (s.version !== undefined && catalogEntry(s.type) && !TAG_PATTERN.test(s.version)) {
        issues.push({ code: 'image-reference', message: `version ${shown(s.version)} of "${n}" is not a valid image tag; the pull will fail`, hint: 'a tag is letters, digits, _ . and -, at most 128, e.g. 16.4', path: ['infra', n, 'version'] });
      }
    }
    return issues;
  },
};
