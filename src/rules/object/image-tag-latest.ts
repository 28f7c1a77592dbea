import type { ObjectRule } from '../rule.js';
import { containerName, imageParts } from '../../lint/pod-facts.js';

export const imageTagLatest: ObjectRule = {
  meta: {
    id: 'image-tag-latest',
    description: 'A container image has no tag or the tag latest: what runs changes without any change to the manifest, and a rollback restores nothing',
    remediation: 'pin a version tag (e.g. nginx:1.27.3), or a digest',
    severity: 'warning',
  },
  subject: 'object',
  check: (ix) =>
    ix.containers.flatMap((s) => {
      const image = s.container.image;
      if (!image) return [];
      const { tag, digest } = imageParts(image);
      if (digest || (tag && tag !== 'latest')) return [];
      return [{ object: s.pod.object, message: `${containerName(s)} runs ${image}, ${tag ? 'the latest tag' : 'which has no tag'}`, field: `${s.at}.image`, stackKey: ['image'] }];
    }),
};
