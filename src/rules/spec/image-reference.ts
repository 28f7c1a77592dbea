/**
 * Malformed image references (empty tag, upper-case repository, a literal `${`, inner spaces) pass the API
 * server and fail only when the kubelet pulls: a warning, since the objects themselves are accepted. Images
 * of services are interpolated at resolve time, so the check is on what one expands to (expand.ts); a
 * reference that does not resolve is resolve's error, not this rule's.
 */
import type { Issue } from '../../diagnostics/issue.js';
import type { SpecRule } from '../rule.js';
import { shown } from '../shown.js';
import { expandStatic } from './expand.js';
import { imageProblem, TAG_PATTERN } from './image-syntax.js';

const HINT = 'write [registry/]repository[:tag], e.g. ghcr.io/acme/api:1.4.2';

/** `image` is what `written` expands to (undefined: unknowable, and reported elsewhere). */
function imageIssue(written: string, image: string | undefined, path: Issue['path'], hint = HINT): Issue[] {
  // Whitespace around the image is invalid-image's error.
  if (image === undefined || written !== written.trim()) return [];
  const p = imageProblem(image);
  if (!p) return [];
  const via = image === written ? '' : ` (${shown(written)} expands to ${shown(image)})`;
  return [{ code: 'image-reference', message: `image ${shown(image)} ${p}${via}; the cluster accepts it but the pull will fail`, hint, path }];
}

export const imageReference: SpecRule = {
  meta: {
    id: 'image-reference',
    description: 'Images, once interpolated, are well-formed references: [registry/]repository[:tag][@digest], repository lower case',
    remediation: 'e.g. ghcr.io/acme/api:1.4.2',
    severity: 'warning',
  },
  subject: 'spec',
  check(stack, ctx) {
    const issues: Issue[] = [];
    for (const [n, s] of Object.entries(stack.services ?? {})) {
      const image = expandStatic(s.image, stack);
      issues.push(...imageIssue(s.image, image, ['services', n, 'image'], image?.includes('${') ? 'remove the $${…}: it writes a literal "${", which no image name may hold' : HINT));
    }
    for (const [n, s] of Object.entries(stack.infra ?? {})) {
      if (s.mode === 'external') continue;
      // Infra images are used as written: resolve interpolates only service images.
      if (s.image !== undefined) issues.push(...imageIssue(s.image, s.image, ['infra', n, 'image'], s.image.includes('${') ? 'infra images are used as written (no ${…}); write the full reference' : HINT));
      else if (s.version !== undefined && ctx.catalog(s.type) && !TAG_PATTERN.test(s.version)) {
        issues.push({ code: 'image-reference', message: `version ${shown(s.version)} of "${n}" is not a valid image tag; the pull will fail`, hint: 'a tag is letters, digits, _ . and -, at most 128, e.g. 16.4', path: ['infra', n, 'version'] });
      }
    }
    return issues;
  },
};
