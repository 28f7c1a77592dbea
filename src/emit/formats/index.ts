/** The emitters `render --format` knows, by name. */
import type { Emitter } from './contract.js';
import { kustomize } from './kustomize.js';
import { plain } from './plain.js';

export const EMITTERS: readonly Emitter[] = [plain, kustomize];

export function emitterOf(format: string): Emitter | undefined {
  return EMITTERS.find((e) => e.format === format);
}
