/** What each profile means, as data: the defaults a platform engineer would pick for that kind of environment. */
import type { ResolvedResources } from './resolved.js';
import type { Profile } from './stack.js';

export interface ProfileDefaults {
  /** Replicas of long-running services. */
  replicas: number;
  resources: ResolvedResources;
  infraResources: ResolvedResources;
  storage: string;
  /** A PodDisruptionBudget (model/disruption.ts DEFAULT_BUDGET) for every workload of more than one pod. */
  disruption: boolean;
  /** Replicated pods spread over zones and nodes (soft: they still schedule on one node). */
  spread: boolean;
  /** NetworkPolicies from the declared graph (model/network.ts), ingress default-deny. */
  networkPolicies: boolean;
  /** With networkPolicies: outgoing traffic default-denied too. */
  egressPolicies: boolean;
}

export const PROFILES: Readonly<Record<Profile, ProfileDefaults>> = {
  minimal: {
    replicas: 1,
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    infraResources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
    storage: '1Gi',
    disruption: false,
    spread: false,
    networkPolicies: false,
    egressPolicies: false,
  },
  default: {
    replicas: 1,
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } },
    infraResources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '2', memory: '2Gi' } },
    storage: '10Gi',
    disruption: false,
    spread: false,
    networkPolicies: false,
    egressPolicies: false,
  },
  production: {
    replicas: 2,
    resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '2', memory: '1Gi' } },
    infraResources: { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '4', memory: '8Gi' } },
    storage: '50Gi',
    disruption: true,
    spread: true,
    networkPolicies: true,
    egressPolicies: true,
  },
};
