/**
 * Spec rules that hold the stack to what the Kubernetes API server accepts, so `validate` fails at the line
 * instead of `up` failing at apply time. Each one mirrors a check of the API server's validation (or, at
 * warning severity, of the kubelet's image pull); test/cluster/api-acceptance.test.ts proves the match.
 */
import type { SpecRule } from '../rule.js';
import { annotationsTooLarge } from './annotations-too-large.js';
import { configTooLarge } from './config-too-large.js';
import { duplicateUse } from './duplicate-use.js';
import { fileOnWritablePath } from './file-on-writable-path.js';
import { imageReference } from './image-reference.js';
import { invalidAnnotation } from './invalid-annotation.js';
import { invalidImage } from './invalid-image.js';
import { invalidIngressHost } from './invalid-ingress-host.js';
import { invalidLabel } from './invalid-label.js';
import { invalidNodeSelector } from './invalid-node-selector.js';
import { invalidSchedule } from './invalid-schedule.js';
import { invalidSecretName } from './invalid-secret-name.js';
import { invalidToleration } from './invalid-toleration.js';
import { requestAboveLimit } from './request-above-limit.js';

export const API_RULES: SpecRule[] = [
  invalidSchedule,
  invalidIngressHost,
  invalidSecretName,
  invalidLabel,
  invalidAnnotation,
  annotationsTooLarge,
  invalidNodeSelector,
  invalidToleration,
  requestAboveLimit,
  invalidImage,
  imageReference,
  duplicateUse,
  fileOnWritablePath,
  configTooLarge,
];
