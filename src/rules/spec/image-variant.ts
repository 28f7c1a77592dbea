/**
 * An internal server runs as its image's own user, and tag variants of one official image differ in that user
 * (postgres:17-alpine is 70, not 999). Entries list their variants: a known one gets its UID when rendered, one
 * slipway cannot run (an unpinned UID, no shell for the probes) is refused here, before anything is applied.
 */
import type { Issue } from '../../diagnostics/issue.js';
import { imageUserOf, tagOf } from '../../catalog/image-user.js';
import type { SpecRule } from '../rule.js';
import { internalCatalogInfra } from './stack-fields.js';

export const imageVariant: SpecRule = {
  meta: {
    id: 'image-variant',
    description: "Internal infra uses an image variant whose user its catalog entry knows (e.g. postgres's -alpine runs as 70)",
    remediation: "use the catalog's default variant of the image",
    severity: 'error',
  },
  subject: 'spec',
  check(stack, ctx) {
    const issues: Issue[] = [];
    for (const { name, spec, entry } of internalCatalogInfra(stack, ctx)) {
      const tag = spec.image !== undefined ? tagOf(spec.image) : (spec.version ?? entry.defaultVersion);
      const user = imageUserOf(entry, tag);
      if (!user || !('refused' in user)) continue;
      issues.push({
        code: 'image-variant',
        message: `${entry.type} tag "${tag}": ${user.refused}`,
        hint: spec.image !== undefined ? `use a tag of the default variant, e.g. ${entry.image}:${entry.defaultVersion} in your mirror` : `use a tag of the default variant, e.g. version: "${entry.defaultVersion}"`,
        path: ['infra', name, spec.image !== undefined ? 'image' : 'version'],
      });
    }
    return issues;
  },
};
