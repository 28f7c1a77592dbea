/**
 * How pods pull their images: the pull policy (the stack's, else the profile's) and the pull Secrets. Resolve
 * applies these defaults; generate/image-pull.ts writes them onto every container slipway generates.
 */
import { PROFILES } from './profiles.js';
import type { Profile } from './stack.js';

export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';

export interface ImagePull {
  /** Unset = the Kubernetes default (IfNotPresent for a tagged image, Always for :latest or no tag). */
  readonly policy?: PullPolicy;
  /** Names of existing docker-registry Secrets in the namespace, in order, each once. */
  readonly secrets: readonly string[];
}

/** The pull of a service's pods: its own policy or the profile's; the stack's pull Secrets, then its own. */
export function servicePull(spec: { pullPolicy?: PullPolicy; pullSecrets?: readonly string[] }, stackSecrets: readonly string[] | undefined, profile: Profile): ImagePull {
  const policy = spec.pullPolicy ?? PROFILES[profile].pullPolicy;
  return { ...(policy ? { policy } : {}), secrets: [...new Set([...(stackSecrets ?? []), ...(spec.pullSecrets ?? [])])] };
}

/**
 * The pull of an internal infra instance's pods. Official images come from a public registry and need no
 * credentials; a mirror (`image:`) is usually private, so it gets the stack's pull Secrets.
 */
export function infraPull(spec: { pullPolicy?: PullPolicy; image?: string }, stackSecrets: readonly string[] | undefined, profile: Profile): ImagePull {
  const policy = spec.pullPolicy ?? PROFILES[profile].pullPolicy;
  return { ...(policy ? { policy } : {}), secrets: spec.image ? [...new Set(stackSecrets ?? [])] : [] };
}

/** Whether a pull changes anything about a pod (the Kubernetes defaults otherwise). */
export function pullIsSet(p: ImagePull): boolean {
  return p.policy !== undefined || p.secrets.length > 0;
}
