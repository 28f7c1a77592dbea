/**
 * Who may talk to a component, derived from the declared graph: the components that use it, on its ports; the
 * ingress controller, for a component with an ingress (a service, or an infra entry's HTTP port); its own replicas where the catalog runs a cluster; the
 * catalog's setup Jobs; and `allow:` entries. And where it may send: DNS, what it uses, external infra, the API
 * server for pods that call it, and `allow:` entries. Every pod selector is a component's selector labels, the
 * labels its workload selects its own pods by, so a policy can never aim at labels no pod carries.
 */
import type { V1NetworkPolicyEgressRule, V1NetworkPolicyPeer, V1NetworkPolicyPort } from '@kubernetes/client-node';
import { NAME_LABEL, type K8sObject } from '../../k8s/object.js';
import { DNS_NAMESPACE, DNS_PODS, type AllowPeer, type ResolvedAllow, type ResolvedNetwork } from '../../model/network.js';
import type { Connection, ResolvedPort } from '../../model/resolved.js';
import type { HelperPods } from '../../catalog/contract.js';
import { namespaceOf, type Component, type InfraComponent } from '../component.js';
import type { GenerateContext } from '../context.js';
import { jobWaits } from '../pod/waits.js';
import { tracesEgress, tracesIngress } from './traces.js';
import { METRICS_PORT } from '../../model/observability.js';
import { scrapedIngress, scrapedSetupIngress, scraperEgress } from './metrics.js';
import { ingressOf } from '../features/ingress.js';

/** The API's field is `from` (the client library renames it `_from`, which the API would reject). */
export interface IngressRule {
  from?: V1NetworkPolicyPeer[];
  ports?: V1NetworkPolicyPort[];
}

export interface PolicyRules {
  ingress: IngressRule[];
  egress: V1NetworkPolicyEgressRule[];
}

const pods = (matchLabels: Readonly<Record<string, string>>): V1NetworkPolicyPeer => ({ podSelector: { matchLabels: { ...matchLabels } } });

/**
 * `other`'s pods as seen from a policy of `self`: a pod selector alone matches only the policy's own namespace, so a
 * component in another namespace (a log agent's) is named with its namespace too (the name label the API server
 * sets on every namespace).
 */
function podsOf(other: Component, self: Component, ctx: GenerateContext): V1NetworkPolicyPeer {
  const ns = namespaceOf(other, ctx);
  if (ns === namespaceOf(self, ctx)) return pods(other.selector);
  return { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } }, ...pods(other.selector) };
}

/** Container ports: a policy matches the pod's port after the Service has translated its own. */
const portsOf = (ports: readonly ResolvedPort[]): V1NetworkPolicyPort[] => ports.map((p) => ({ port: p.port, protocol: p.protocol }));

/** The ports an infra instance's users reach: not its exporter's `metrics` port, which only the scraper may (metrics.ts). */
const servedPorts = (c: Component): readonly ResolvedPort[] => (c.component === 'infra' ? c.ports.filter((p) => p.name !== METRICS_PORT) : c.ports);

const DNS_RULE: V1NetworkPolicyEgressRule = {
  to: [{ namespaceSelector: { matchLabels: { ...DNS_NAMESPACE } }, podSelector: { matchLabels: { ...DNS_PODS } } }],
  ports: [
    { port: 53, protocol: 'UDP' },
    { port: 53, protocol: 'TCP' },
  ],
};

/** Rules of a component's own pods. */
export function componentRules(c: Component, ctx: GenerateContext, net: ResolvedNetwork): PolicyRules {
  const ingress: IngressRule[] = [];
  const consumers = usersOf(c.name, ctx);
  const setup = c.component === 'infra' ? setupPodSelectors(c) : [];
  if (servedPorts(c).length && consumers.length + setup.length) ingress.push({ from: [...consumers.map((u) => podsOf(u, c, ctx)), ...setup.map(pods)], ports: portsOf(servedPorts(c)) });
  ingress.push(...tracesIngress(c, ctx));
  const self = selfRule(c);
  if (self) ingress.push({ from: [pods(c.selector)], ports: self });
  const ing = ingressOf(c);
  if (ing) {
    const port = c.ports.find((p) => p.name === ing.port);
    if (port) ingress.push({ from: [{ namespaceSelector: { matchLabels: { ...net.ingressControllers } } }], ports: portsOf([port]) });
  }
  const allow = c.component === 'infra' ? [] : c.service.allow;
  ingress.push(...allow.filter((a) => a.direction === 'ingress').map((a) => ({ ...peersOf(a.peer, ctx, 'from'), ...allowPorts(a) })));
  ingress.push(...scrapedIngress(c, ctx));
  const operator = c.component === 'infra' ? c.internal.operator : undefined;
  if (operator) {
    const from = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': operator.namespace } }, podSelector: { matchLabels: { ...operator.pods } } };
    ingress.push({ from: [from], ports: operator.reaches.map((port) => ({ port, protocol: 'TCP' })) });
  }
  if (!net.egress) return { ingress, egress: [] };

  const egress: V1NetworkPolicyEgressRule[] = [DNS_RULE];
  for (const dep of dependenciesOf(c, ctx)) {
    const target = ctx.components.get(dep);
    const infra = ctx.infra.get(dep);
    if (target && servedPorts(target).length) egress.push({ to: [podsOf(target, c, ctx)], ports: portsOf(servedPorts(target)) });
    else if (infra?.mode === 'external') egress.push(externalRule(ctx.entries.entry(infra.type)!.connection(infra, ctx), infra.external?.cidr));
  }
  if (c.component !== 'infra') {
    for (const use of c.service.uses) {
      if (use.targetKind === 'job') continue;
      const target = ctx.components.get(use.target);
      if (target) {
        if (servedPorts(target).length) egress.push({ to: [pods(target.selector)], ports: portsOf(servedPorts(target)) });
      } else if (ctx.infra.get(use.target)?.mode === 'external') {
        egress.push(externalRule(use.connection, ctx.infra.get(use.target)?.external?.cidr));
      }
    }
    if (jobWaits(c.service.uses).length || c.service.serviceAccountToken) egress.push(apiServerRule(net));
    egress.push(...tracesEgress(c, ctx));
  }
  // An operator's instance manager runs in the pods and watches its resource through the API server.
  if (operator) egress.push(apiServerRule(net));
  // A component in a namespace of its own is a node agent that reads its pods' metadata from the API server.
  if (c.component === 'infra' && c.internal.namespace) egress.push(apiServerRule(net));
  egress.push(...scraperEgress(c, ctx, net, apiServerRule(net)));
  if (self) egress.push({ to: [pods(c.selector)], ports: self });
  if (c.component === 'infra') for (const h of c.internal.helpers ?? []) egress.push({ to: [pods(h.selector)], ports: h.serves.map((port) => ({ port, protocol: 'TCP' })) });
  egress.push(...allow.filter((a) => a.direction === 'egress').map((a) => ({ ...peersOf(a.peer, ctx, 'to'), ...allowPorts(a) })));
  return { ingress, egress };
}

/**
 * A helper's pods (kube-state-metrics beside Prometheus): the instance's pods come in on what it serves; out, only
 * the API server (in-cluster clients reach it by the address the kubelet puts in their env: no DNS).
 */
export function helperRules(c: InfraComponent, h: HelperPods, net: ResolvedNetwork): PolicyRules {
  return {
    ingress: [{ from: [pods(c.selector)], ports: h.serves.map((port) => ({ port, protocol: 'TCP' })) }],
    egress: net.egress && h.api ? [apiServerRule(net)] : [],
  };
}

/** A catalog setup Job's pods (database provisioning): DNS and the server they set up; nothing comes in. */
export function setupRules(c: InfraComponent, net: ResolvedNetwork, ctx: GenerateContext, selector: Readonly<Record<string, string>>): PolicyRules {
  return { ingress: scrapedSetupIngress(selector[NAME_LABEL], ctx), egress: net.egress ? [DNS_RULE, { to: [pods(c.selector)], ports: portsOf(c.ports) }] : [] };
}

/** Components that use `name` over the network (a use of a Job only waits for it to finish), infra that depends on it included. */
function usersOf(name: string, ctx: GenerateContext): Component[] {
  let byTarget = usersIndex.get(ctx.components);
  if (!byTarget) {
    byTarget = new Map();
    for (const u of ctx.components.values()) {
      const targets = u.component !== 'infra' ? u.service.uses.filter((use) => use.targetKind !== 'job').map((use) => use.target) : dependenciesOf(u, ctx);
      for (const target of new Set(targets)) {
        const users = byTarget.get(target) ?? [];
        users.push(u);
        byTarget.set(target, users);
      }
    }
    for (const users of byTarget.values()) users.sort((a, b) => a.name.localeCompare(b.name));
    usersIndex.set(ctx.components, byTarget);
  }
  return byTarget.get(name) ?? [];
}

/** Infra an internal catalog instance connects to itself (CatalogEntry.dependsOn). */
function dependenciesOf(c: Component, ctx: GenerateContext): string[] {
  if (c.component !== 'infra') return [];
  return (ctx.entries.entry(c.infra.type)?.dependsOn?.(c.infra, ctx) ?? []).map((d) => d.name);
}

/**
 * Users by target, built once per generate run: asking every component's users by a scan of all components was
 * quadratic and the largest part of a 1,000-service prod render.
 */
const usersIndex = new WeakMap<ReadonlyMap<string, Component>, Map<string, Component[]>>();

/**
 * Selector labels of the pods a catalog entry runs beside its server (provisioning Jobs, Kafka's exporter). They
 * carry a name of their own, so the server's Services never route clients to them.
 */
export function setupPodSelectors(c: InfraComponent): Record<string, string>[] {
  const keys = Object.keys(c.selector);
  const helpers = c.internal.helpers ?? [];
  return c.internal.objects.flatMap((o) => {
    const labels = podLabelsOf(o);
    if (!labels || keys.every((k) => labels[k] === c.selector[k])) return [];
    // Helpers get rules of their own (helperRules).
    if (helpers.some((h) => Object.entries(h.selector).every(([k, v]) => labels[k] === v))) return [];
    return [Object.fromEntries(keys.map((k) => [k, labels[k] ?? '']))];
  });
}

function podLabelsOf(o: K8sObject): Record<string, string> | undefined {
  // A Deployment beside the server (Kafka's exporter, catalog/kafka-metrics.ts) talks to it like a setup Job.
  if (o.kind !== 'Job' && o.kind !== 'Deployment') return undefined;
  return (o as { spec?: { template?: { metadata?: { labels?: Record<string, string> } } } }).spec?.template?.metadata?.labels;
}

/**
 * Replicas of a clustered server talk to each other (Kafka's brokers and controller quorum) on every port of
 * the headless Service, peer-only ports included. A single server with no peer ports needs none.
 */
function selfRule(c: Component): V1NetworkPolicyPort[] | undefined {
  if (c.component !== 'infra') return undefined;
  // An operator's instances replicate from each other and report status on the ports the operator reaches.
  const operator = c.internal.operator;
  if (operator) return [...new Set([...servedPorts(c).map((p) => p.port), ...operator.reaches])].sort((a, b) => a - b).map((port) => ({ port, protocol: 'TCP' }));
  const headless = c.internal.objects.find((o) => o.kind === 'Service' && o.metadata.name !== c.name) as { spec?: { ports?: { port: number }[] } } | undefined;
  const all = headless?.spec?.ports ?? [];
  if (c.replicas < 2 && all.length <= c.ports.length) return undefined;
  return all.map((p) => ({ port: p.port, protocol: 'TCP' }));
}

/**
 * NetworkPolicy has no host names, so an external server is reached by its CIDR when the stack gives one, and
 * otherwise on its ports at any address. The ports are every one the connection hands the app (Kafka: each
 * broker's).
 */
function externalRule(conn: Connection, cidr: string | undefined): V1NetworkPolicyEgressRule {
  const ports = new Set<number>([conn.port]);
  for (const [k, v] of Object.entries(conn.values)) {
    if ((k === 'port' || k.endsWith('Port')) && /^\d+$/.test(v)) ports.add(Number(v));
    if (k === 'brokers') for (const b of v.split(',')) if (/:\d+$/.test(b)) ports.add(Number(b.slice(b.lastIndexOf(':') + 1)));
  }
  return { ...(cidr ? { to: [{ ipBlock: { cidr } }] } : {}), ports: [...ports].sort((a, b) => a - b).map((port) => ({ port, protocol: 'TCP' })) };
}

function apiServerRule(net: ResolvedNetwork): V1NetworkPolicyEgressRule {
  return { ...(net.apiServer.cidr ? { to: [{ ipBlock: { cidr: net.apiServer.cidr } }] } : {}), ports: net.apiServer.ports.map((port) => ({ port, protocol: 'TCP' })) };
}

function peersOf(peer: AllowPeer, ctx: GenerateContext, key: 'from' | 'to'): { from?: V1NetworkPolicyPeer[]; to?: V1NetworkPolicyPeer[] } {
  if ('components' in peer) return { [key]: peer.components.flatMap((n) => ctx.components.get(n)).filter((x) => x !== undefined).map((x) => pods(x.selector)) };
  if ('cidr' in peer) return { [key]: [{ ipBlock: { cidr: peer.cidr, ...(peer.except ? { except: [...peer.except] } : {}) } }] };
  return {
    [key]: [
      {
        ...(peer.namespace ? { namespaceSelector: { matchLabels: { ...peer.namespace } } } : {}),
        podSelector: { matchLabels: { ...(peer.pods ?? {}) } },
      },
    ],
  };
}

function allowPorts(a: ResolvedAllow): { ports?: V1NetworkPolicyPort[] } {
  return a.ports.length ? { ports: a.ports.map((port) => ({ port, protocol: 'TCP' })) } : {};
}
