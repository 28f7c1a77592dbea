import type { ObjectRule } from '../rule.js';
import { containerName, imageParts } from '../../lint/pod-facts.js';

export const imageNotPinned: ObjectRule = {
  meta: {
    id: 'image-not-pinned',
    description: 'A container image is named by tag, not digest (off by default: a tag can be moved to other content)',
    remediation: 'reference the image by digest (name@sha256:…), e.g. through your build pipeline',
    severity: 'info',
    enabledByDefault: false,
  },
  subject: 'object',
  check: (ix) =>
    ix.containers
      .filter((s) => s.container.image && !imageParts(s.container.image).digest)
      .map((s) => ({ object: s.pod.object, message: `${containerName(s)} image ${s.container.image} is not pinned by digest`, field: `${s.at}.image`, stackKey: ['image'] })),
};
