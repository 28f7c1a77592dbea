/**
 * A container's request may not exceed its limit; the API server refuses the pod otherwise. Either side may
 * come from the environment's profile (src/model/profiles.ts), so a user's `cpu: 2` under the default
 * profile's 1-CPU limit fails just like an explicit pair does.
 */
import type { Issue } from '../../diagnostics/issue.js';
import type { ResolvedResources } from '../../model/resolved.js';
import type { ServiceSpec } from '../../model/stack.js';
import { PROFILES } from '../../model/profiles.js';
import type { SpecRule } from '../rule.js';
import { compareQuantity, parseQuantity } from './quantity.js';

type Resources = ServiceSpec['resources'];

function check(user: Resources, profile: ResolvedResources, profileName: string, at: Issue['path'], name: string): Issue[] {
  const issues: Issue[] = [];
  for (const r of ['cpu', 'memory', 'ephemeral'] as const) {
    const request = user?.[r] ?? profile.requests[r];
    const limit = user?.limits?.[r] ?? profile.limits[r];
    const rq = parseQuantity(request);
    const lq = parseQuantity(limit);
    if (!rq || !lq || compareQuantity(rq, lq) <= 0) continue;
    const requestIsUsers = user?.[r] !== undefined;
    const limitIsUsers = user?.limits?.[r] !== undefined;
    const from = (users: boolean) => (users ? '' : ` (the ${profileName} profile's default)`);
    issues.push({
      code: 'request-above-limit',
      message: `${r} request ${request}${from(requestIsUsers)} of "${name}" is above its limit ${limit}${from(limitIsUsers)}`,
      hint: limitIsUsers ? `lower the request or raise limits.${r} to at least ${request}` : `set resources.limits.${r} to at least ${request}, or lower the request`,
      path: requestIsUsers ? [...at, r] : [...at, 'limits', r],
    });
  }
  return issues;
}

export const requestAboveLimit: SpecRule = {
  meta: {
    id: 'request-above-limit',
    description: 'CPU, memory and ephemeral-storage requests are at most their limits, counting profile defaults',
    remediation: 'raise resources.limits or lower the request',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const name = stack.profile ?? 'default';
    const profile = PROFILES[name];
    return [
      ...Object.entries(stack.services ?? {}).flatMap(([n, s]) => check(s.resources, profile.resources, name, ['services', n, 'resources'], n)),
      ...Object.entries(stack.infra ?? {}).flatMap(([n, s]) => (s.mode === 'external' ? [] : check(s.resources, profile.infraResources, name, ['infra', n, 'resources'], n))),
    ];
  },
};
