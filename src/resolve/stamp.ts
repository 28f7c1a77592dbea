/** Stamping: one instance of a service per tenant (perTenant) and per shard, and which copy a peer means. */
import type { ServiceSpec } from '../model/stack.js';

export interface Instance {
  /** base-tenant-shard */
  name: string;
  /** The service's name in the stack. */
  base: string;
  spec: ServiceSpec;
  tenant?: string;
  shard?: string;
}

export function stamp(base: string, spec: ServiceSpec, tenants: readonly string[]): Instance[] {
  const tenantList: (string | undefined)[] = spec.perTenant ? [...tenants] : [undefined];
  const shardList: (string | undefined)[] = spec.shards ? [...spec.shards] : [undefined];
  return tenantList.flatMap((tenant) =>
    shardList.map((shard) => ({
      name: [base, tenant, shard].filter(Boolean).join('-'),
      base,
      spec,
      ...(tenant ? { tenant } : {}),
      ...(shard ? { shard } : {}),
    })),
  );
}

/** The copy of a stamped service that `inst` means when it names `base`: the one of its own tenant and shard. */
export function peerOf(inst: Instance, list: readonly Instance[]): Instance | undefined {
  if (list.length === 1) return list[0];
  // A copy matches when it is not stamped on an axis, or stamped with inst's value on it.
  return list.find((c) => (!c.tenant || c.tenant === inst.tenant) && (!c.shard || c.shard === inst.shard));
}
