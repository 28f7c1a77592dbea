/**
 * The pull Secrets a render needs to exist in its namespace. slipway never creates them (they hold registry
 * credentials the user owns), and the test control plane runs no kubelet, so a missing one shows only when a
 * real node cannot pull: preflight checks this list before `up` writes anything.
 */
import type { ResolvedStack } from './resolved.js';

export interface RequiredPullSecret {
  /** Secret name in the stack's namespace. */
  name: string;
  /** What the kubelet reads: a docker-registry Secret (`kubectl create secret docker-registry`). */
  type: 'kubernetes.io/dockerconfigjson';
  /** Components whose pods pull with it, sorted. */
  usedBy: string[];
}

/** Every pull Secret the stack's pods reference (internal infra included), by name. */
export function requiredPullSecrets(stack: ResolvedStack): RequiredPullSecret[] {
  const users = new Map<string, Set<string>>();
  const add = (component: string, secrets: readonly string[]) => {
    for (const s of secrets) users.set(s, (users.get(s) ?? new Set()).add(component));
  };
  for (const s of stack.services) add(s.name, s.pull.secrets);
  for (const i of stack.infra) if (i.mode === 'internal') add(i.name, i.pull.secrets);
  return [...users]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, by]) => ({ name, type: 'kubernetes.io/dockerconfigjson', usedBy: [...by].sort() }));
}
