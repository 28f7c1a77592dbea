/** A service's `allow:` entries with component names turned into object names (see model/network.ts). */
import type { AllowPeer, PeerSpec, ResolvedAllow } from '../model/network.js';
import type { ResolveContext } from './context.js';
import { peerOf, type Instance } from './stamp.js';

export function resolveAllow(ctx: ResolveContext, inst: Instance): ResolvedAllow[] {
  return (inst.spec.allow ?? []).flatMap((a): ResolvedAllow[] => {
    const direction = a.from !== undefined ? 'ingress' : 'egress';
    const spec = a.from ?? a.to;
    // Neither or both of from/to, and unknown names, are the allow-peer rule's to report.
    if (spec === undefined || (a.from !== undefined && a.to !== undefined)) return [];
    const peer = peerOfSpec(ctx, inst, spec);
    return peer ? [{ direction, peer, ports: [...(a.ports ?? [])] }] : [];
  });
}

function peerOfSpec(ctx: ResolveContext, inst: Instance, spec: PeerSpec): AllowPeer | undefined {
  if (typeof spec !== 'string') return 'cidr' in spec ? { cidr: spec.cidr, ...(spec.except?.length ? { except: [...spec.except] } : {}) } : { ...spec };
  const infra = ctx.infra.get(spec);
  if (infra) return infra.resolved.mode === 'internal' ? { components: [spec] } : undefined;
  const list = ctx.byBase.get(spec);
  const copy = list && peerOf(inst, list);
  return copy ? { components: [copy.name] } : undefined;
}
