/** Resources and placement: the user's values over the profile's defaults, for services and infra alike. */
import type { ResolvedResources } from '../model/resolved.js';
import { budgetOf, spreadOf, type Budget, type DisruptionSpec } from '../model/disruption.js';
import type { Profile, ServiceSpec } from '../model/stack.js';

export function resources(user: ServiceSpec['resources'], profile: ResolvedResources): ResolvedResources {
  const q = (v: string | number | undefined, d: string) => (v === undefined ? d : String(v));
  return {
    requests: { cpu: q(user?.cpu, profile.requests.cpu), memory: q(user?.memory, profile.requests.memory), ephemeral: q(user?.ephemeral, profile.requests.ephemeral) },
    limits: { cpu: q(user?.limits?.cpu, profile.limits.cpu), memory: q(user?.limits?.memory, profile.limits.memory), ephemeral: q(user?.limits?.ephemeral, profile.limits.ephemeral) },
  };
}

export function placement(p: ServiceSpec['placement']) {
  return { nodeSelector: p?.nodeSelector ?? {}, tolerations: p?.tolerations ?? [] };
}

/** The disruption budget and spread of a service or infra entry: the user's choice over the profile's. */
export function disruptionOf(spec: { disruption?: DisruptionSpec; spread?: boolean }, profile: Profile): { disruption?: Budget; spread: boolean } {
  const budget = budgetOf(spec.disruption, profile);
  return { ...(budget ? { disruption: budget } : {}), spread: spreadOf(spec.spread, profile) };
}
