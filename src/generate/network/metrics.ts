/**
 * The traffic of an internal Prometheus that scrapes the stack (observability.metrics.mode: prometheus): its pods
 * reach every target's metrics port and the API server (pod discovery), and every target lets them in on that port.
 * In mode operator the cluster's Prometheus scrapes from its own namespace (metrics.scraperNamespace), which the
 * targets let in on the same ports.
 */
import type { V1NetworkPolicyEgressRule, V1NetworkPolicyPeer, V1NetworkPolicyPort } from '@kubernetes/client-node';
import { scrapesStack } from '../../catalog/prometheus-config.js';
import type { ResolvedNetwork } from '../../model/network.js';
import type { ScrapeTarget } from '../../model/observability.js';
import type { Component } from '../component.js';
import { selectorLabels } from '../labels.js';
import type { GenerateContext } from '../context.js';
import type { IngressRule } from './peers.js';

/** The container port a target names: its number when the component declares it, else the name (a policy accepts named ports). */
function targetPort(t: ScrapeTarget, ctx: GenerateContext): V1NetworkPolicyPort {
  const port = ctx.components.get(t.component)?.ports.find((p) => p.name === t.port);
  return { port: port?.port ?? t.port, protocol: 'TCP' };
}

/** The scraping Prometheus component, when there is one in the cluster. */
function scraper(ctx: GenerateContext): Component | undefined {
  const metrics = ctx.observability?.metrics;
  const name = metrics?.prometheus;
  if (!name || !scrapesStack(name, metrics)) return undefined;
  return ctx.components.get(name);
}

/**
 * Who scrapes: the stack's own Prometheus (mode prometheus), or every pod of the namespace the cluster's Prometheus
 * runs in (mode operator: its pods' labels are the operator's business, its namespace is the stack's).
 */
function scrapeSources(ctx: GenerateContext): V1NetworkPolicyPeer[] {
  const prom = scraper(ctx);
  if (prom) return [{ podSelector: { matchLabels: { ...prom.selector } } }];
  const ns = ctx.observability?.metrics?.scraperNamespace;
  return ns ? [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } }] : [];
}

/** Ingress from whoever scrapes, on the ports of the targets named `name`. */
function scrapeIngress(name: string, ctx: GenerateContext): IngressRule[] {
  const from = scrapeSources(ctx);
  if (!from.length) return [];
  const ports = (ctx.observability?.metrics?.targets ?? []).filter((t) => t.component === name).map((t) => targetPort(t, ctx));
  return ports.length ? [{ from, ports }] : [];
}

/** Ingress of a scraped component from the scraping Prometheus. */
export function scrapedIngress(c: Component, ctx: GenerateContext): IngressRule[] {
  return scrapeIngress(c.name, ctx);
}

/**
 * Ingress of pods a catalog entry runs beside its server that are scraped themselves (Kafka's exporter, a
 * component of its own name without a Component: catalog/kafka-metrics.ts), selected by `name`.
 */
export function scrapedSetupIngress(name: string | undefined, ctx: GenerateContext): IngressRule[] {
  return name && !ctx.components.has(name) ? scrapeIngress(name, ctx) : [];
}

/** Egress of the scraping Prometheus: each target's pods on its metrics port, and the API server. */
export function scraperEgress(c: Component, ctx: GenerateContext, net: ResolvedNetwork, apiServer: V1NetworkPolicyEgressRule): V1NetworkPolicyEgressRule[] {
  const prom = scraper(ctx);
  if (!prom || prom.name !== c.name) return [];
  const rules: V1NetworkPolicyEgressRule[] = [];
  for (const t of ctx.observability?.metrics?.targets ?? []) {
    // A target that is no component (Kafka's exporter) carries the selector labels every slipway workload gets.
    const selector = ctx.components.get(t.component)?.selector ?? t.pods ?? selectorLabels(ctx.labels, t.component);
    rules.push({ to: [{ podSelector: { matchLabels: { ...selector } } }], ports: [targetPort(t, ctx)] });
  }
  return net.egress ? [...rules, apiServer] : [];
}
