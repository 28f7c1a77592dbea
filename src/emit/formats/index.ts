/** The emitters `render --format` knows, by name. */
import { argocd } from './argocd.js';
import type { Emitter } from './contract.js';
import { helm } from './helm.js';
import { kustomize } from './kustomize.js';
import { plain } from './plain.js';

export const EMITTERS: readonly Emitter[] = [plain, kustomize, helm, argocd];

export function emitterOf(format: string): Emitter | undefined {
  return EMITTERS.find((e) => e.format === format);
}
