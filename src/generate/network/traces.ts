/**
 * Traffic observability.traces adds under default-deny: each traced service to its collector's OTLP port, and the
 * collector's pods open to them on it. A service that already `uses:` the collector has that traffic from peers.ts.
 */
import type { V1NetworkPolicyEgressRule, V1NetworkPolicyPeer } from '@kubernetes/client-node';
import type { Component } from '../component.js';
import type { GenerateContext } from '../context.js';
import type { IngressRule } from './peers.js';

const pods = (matchLabels: Readonly<Record<string, string>>): V1NetworkPolicyPeer => ({ podSelector: { matchLabels: { ...matchLabels } } });

/** Traced services that reach the collector only because they are traced. */
function tracedOnly(ctx: GenerateContext): Component[] {
  const traces = ctx.observability?.traces;
  if (!traces) return [];
  return traces.services
    .map((n) => ctx.components.get(n))
    .filter((c): c is Component => c !== undefined && c.component !== 'infra' && !c.service.uses.some((u) => u.target === traces.collector));
}

/** The collector's pods let the traced services in on the OTLP port they export to. */
export function tracesIngress(c: Component, ctx: GenerateContext): IngressRule[] {
  if (c.component !== 'infra' || c.name !== ctx.observability?.traces?.collector) return [];
  const from = tracedOnly(ctx).map((s) => pods(s.selector));
  return from.length ? [{ from, ports: [{ port: ctx.observability?.traces.endpoint.port, protocol: 'TCP' }] }] : [];
}

/** A traced service may send to its collector: its pods when internal, its CIDR (or any address) when external. */
export function tracesEgress(c: Component, ctx: GenerateContext): V1NetworkPolicyEgressRule[] {
  const traces = ctx.observability?.traces;
  if (!traces || !tracedOnly(ctx).some((s) => s.name === c.name)) return [];
  const ports = [{ port: traces.endpoint.port, protocol: 'TCP' }];
  const collector = ctx.components.get(traces.collector);
  if (collector) return [{ to: [pods(collector.selector)], ports }];
  const cidr = ctx.infra.get(traces.collector)?.external?.cidr;
  return [{ ...(cidr ? { to: [{ ipBlock: { cidr } }] } : {}), ports }];
}
