/**
 * NetworkPolicies from the declared graph: the settings resolve applies (profile defaults), the peers a
 * service's `allow:` names, and the cluster facts the generated policies assume (DNS pods, API server ports).
 * The network-policy feature writes them; the allow-peer and invalid-cidr rules check them before resolving.
 */
import { PROFILES } from './profiles.js';
import type { Profile, StackSpec } from './stack.js';

/**
 * Where cluster DNS runs: CoreDNS keeps the `k8s-app: kube-dns` pod label of kube-dns in kubeadm, kind, EKS,
 * GKE and AKS alike, in kube-system, whose name label the API server sets on every namespace.
 */
export const DNS_NAMESPACE: Readonly<Record<string, string>> = { 'kubernetes.io/metadata.name': 'kube-system' };
export const DNS_PODS: Readonly<Record<string, string>> = { 'k8s-app': 'kube-dns' };

/** ingress-nginx's own install (helm chart and static manifests) uses this namespace. */
export const DEFAULT_INGRESS_CONTROLLERS: Readonly<Record<string, string>> = { 'kubernetes.io/metadata.name': 'ingress-nginx' };

/**
 * NetworkPolicies match the endpoint after the `kubernetes` Service is translated: the API server's own port,
 * 6443 in kubeadm-style clusters and 443 in most managed ones. Its addresses are outside the pod network and
 * differ per cluster, so the default is any address on those ports.
 */
export const DEFAULT_API_SERVER_PORTS: readonly number[] = [443, 6443];

export interface ResolvedNetwork {
  /** Deny outgoing traffic by default as well as incoming. */
  egress: boolean;
  /** Namespace labels of the ingress controller. */
  ingressControllers: Record<string, string>;
  apiServer: { cidr?: string; ports: number[] };
}

/** The stack's network settings in an environment, or undefined when it gets no NetworkPolicies. */
export function networkOf(spec: StackSpec['network'], profile: Profile): ResolvedNetwork | undefined {
  const defaults = PROFILES[profile];
  if (!(spec?.policies ?? defaults.networkPolicies)) return undefined;
  return {
    egress: spec?.egress ?? defaults.egressPolicies,
    ingressControllers: { ...(spec?.ingressControllers ?? DEFAULT_INGRESS_CONTROLLERS) },
    apiServer: { ...(spec?.apiServer?.cidr ? { cidr: spec.apiServer.cidr } : {}), ports: [...(spec?.apiServer?.ports ?? DEFAULT_API_SERVER_PORTS)] },
  };
}

/** A peer of an `allow:` entry, resolved: stack components by object name, or label selectors, or an IP block. */
export type AllowPeer =
  | { components: string[] }
  | { namespace?: Record<string, string>; pods?: Record<string, string> }
  | { cidr: string; except?: string[] };

export interface ResolvedAllow {
  direction: 'ingress' | 'egress';
  peer: AllowPeer;
  /** Empty: every port. */
  ports: (number | string)[];
}

export type AllowSpec = NonNullable<NonNullable<StackSpec['services']>[string]['allow']>[number];
export type PeerSpec = NonNullable<AllowSpec['from']>;

/**
 * IPv4 or IPv6 block in CIDR notation, as the NetworkPolicy API accepts it (it refuses a bare address).
 * Returns why it is not one, or undefined.
 */
export function cidrProblem(cidr: string): string | undefined {
  const slash = cidr.indexOf('/');
  if (slash < 0) return 'a CIDR needs a prefix length, e.g. 10.0.0.0/8 or 203.0.113.7/32';
  const [addr, bits] = [cidr.slice(0, slash), cidr.slice(slash + 1)];
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(addr);
  const max = v4 ? 32 : 128;
  if (v4 ? v4.slice(1).some((o) => Number(o) > 255 || (o.length > 1 && o.startsWith('0'))) : !isIPv6(addr)) return `"${addr}" is not an IP address`;
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) return `the prefix length must be 0 to ${max}`;
  return undefined;
}

function isIPv6(addr: string): boolean {
  if (!/^[0-9a-fA-F:]+$/.test(addr) || addr.split('::').length > 2) return false;
  const groups = addr.split(':').filter((g) => g !== '');
  if (groups.some((g) => g.length > 4)) return false;
  return addr.includes('::') ? groups.length < 8 : groups.length === 8;
}
