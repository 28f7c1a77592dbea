/** What each profile means, as data: the defaults a platform engineer would pick for that kind of environment. */
import type { PullPolicy } from './image-pull.js';
import type { ResolvedResources } from './resolved.js';
import type { Profile } from './stack.js';

export interface ProfileDefaults {
  /** Replicas of long-running services. */
  replicas: number;
  /**
   * ephemeral: the container's own local storage (logs the kubelet rotates at 10Mi × 5 by default, a writable
   * layer that the read-only root keeps near empty); writable dirs are added to the limit per pod.
   */
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
  /** imagePullPolicy of every container slipway writes; unset = the Kubernetes default. */
  pullPolicy?: PullPolicy;
}

/** Outside production nothing is hardened beyond the secure pod defaults: budgets, spread and policies are opt-in. */
const OPT_IN = { disruption: false, spread: false, networkPolicies: false, egressPolicies: false } as const;

export const PROFILES: Readonly<Record<Profile, ProfileDefaults>> = {
  minimal: {
    replicas: 1,
    resources: { requests: { cpu: '50m', memory: '64Mi', ephemeral: '64Mi' }, limits: { cpu: '500m', memory: '256Mi', ephemeral: '256Mi' } },
    infraResources: { requests: { cpu: '100m', memory: '256Mi', ephemeral: '128Mi' }, limits: { cpu: '1', memory: '1Gi', ephemeral: '512Mi' } },
    storage: '1Gi',
    ...OPT_IN,
  },
  default: {
    replicas: 1,
    resources: { requests: { cpu: '100m', memory: '128Mi', ephemeral: '128Mi' }, limits: { cpu: '1', memory: '512Mi', ephemeral: '512Mi' } },
    infraResources: { requests: { cpu: '250m', memory: '512Mi', ephemeral: '256Mi' }, limits: { cpu: '2', memory: '2Gi', ephemeral: '1Gi' } },
    storage: '10Gi',
    ...OPT_IN,
  },
  production: {
    replicas: 2,
    resources: { requests: { cpu: '250m', memory: '256Mi', ephemeral: '256Mi' }, limits: { cpu: '2', memory: '1Gi', ephemeral: '1Gi' } },
    infraResources: { requests: { cpu: '1', memory: '2Gi', ephemeral: '512Mi' }, limits: { cpu: '4', memory: '8Gi', ephemeral: '2Gi' } },
    storage: '50Gi',
    disruption: true,
    spread: true,
    networkPolicies: true,
    egressPolicies: true,
    // Always: the kubelet asks the registry on every pod start, so the pull Secret is re-validated for each pod
    // (a node's cache never lets a pod without access run an image), and a tag re-pushed to another digest
    // cannot run as different code on nodes that cached the old one. The cost is a manifest request per start.
    pullPolicy: 'Always',
  },
};
