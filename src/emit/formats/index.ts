/** The emitters `render --format` knows, by name. */
import type { Emitter } from './contract.js';
import { helm } from './helm.js';
import { kustomize } from './kustomize.js';
import { plain } from './plain.js';

export const EMITTERS: readonly Emitter[] = [plain, kustomize, helm];

export function emitterOf(format: string): Emitter | undefined {
  return EMITTERS.find((e) => e.format === format);
}
