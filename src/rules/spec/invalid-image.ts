/**
 * Leading or trailing whitespace in an image is the one image problem the API server refuses: it accepts the
 * workload, then rejects every pod the controller creates from it, so the rollout never starts.
 */
import type { SpecRule } from '../rule.js';
import { shown } from '../shown.js';

export const invalidImage: SpecRule = {
  meta: {
    id: 'invalid-image',
    description: 'Images have no leading or trailing whitespace (the API server refuses such pods)',
    remediation: 'remove the spaces around the image',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const images: [readonly (string | number)[], string | undefined][] = [
      ...Object.entries(stack.services ?? {}).map(([n, s]) => [['services', n, 'image'], s.image] as [string[], string]),
      ...Object.entries(stack.infra ?? {}).map(([n, s]) => [['infra', n, 'image'], s.image] as [string[], string | undefined]),
    ];
    return images.flatMap(([path, image]) =>
      image !== undefined && image !== image.trim()
        ? [{ code: 'invalid-image', message: `image ${shown(image)} has ${image.trim() ? 'leading or trailing whitespace' : 'nothing but whitespace'}`, hint: image.trim() ? `write image: ${image.trim()}` : 'name an image, e.g. ghcr.io/acme/api:1.4.2', path: [...path] }]
        : [],
    );
  },
};
