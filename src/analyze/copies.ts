/**
 * Per-tenant copies and shards in systems slipway did not write, recognised from their names: workloads of one
 * kind running the same image with the same command, whose names differ in one dash-separated part
 * (`fp-acme`, `fp-globex`; `fp-group1-deployment`, `fp-group2-deployment`), are copies of one component. A
 * part that counts (`1`, `shard-2`, `group3`) makes a shard, a word a tenant. Names that differ by a role word
 * (`redis-master`, `redis-replica`) or by another component's name (`metabase-mysql`, `nacos-mysql`) are
 * different components, never copies.
 */
import type { FoundComponent } from './components.js';

const ROLES = new Set(['master', 'replica', 'primary', 'secondary', 'leader', 'follower', 'reader', 'writer', 'read', 'write', 'api', 'web', 'worker', 'server', 'client', 'admin', 'canary', 'stable', 'blue', 'green', 'main', 'backup', 'proxy', 'gateway', 'cron', 'job', 'migrate', 'migration', 'init', 'setup', 'exporter', 'metrics', 'ui', 'frontend', 'backend', 'app']);
const SHARD = /^(shard|s|group|g|part|p|partition)?-?\d+$/;

function signature(c: FoundComponent): string {
  const pod = c.pods[0]?.spec?.containers?.[0];
  const image = (pod?.image ?? '').replace(/[:@].*$/, '');
  return [c.namespace, c.node.kind, image, ...(pod?.command ?? []), '\0', ...(pod?.args ?? [])].join('\u0001');
}

/** The dash-separated parts all names share at the start and at the end. */
function sharedEnds(names: readonly string[][]): [number, number] {
  const shortest = Math.min(...names.map((n) => n.length));
  let head = 0;
  while (head < shortest - 1 && names.every((n) => n[head] === names[0]![head])) head++;
  let tail = 0;
  while (tail < shortest - 1 - head && names.every((n) => n[n.length - 1 - tail] === names[0]![names[0]!.length - 1 - tail])) tail++;
  return [head, tail];
}

export function detectCopies(components: readonly FoundComponent[]): void {
  const taken = new Set(components.map((c) => c.node.name));
  const groups = new Map<string, FoundComponent[]>();
  for (const c of components) {
    if (c.node.base || c.node.name.includes('/') || !c.pods.length) continue;
    const key = signature(c);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const parts = members.map((m) => m.node.name.split('-'));
    const [head, tail] = sharedEnds(parts);
    if (head + tail === 0) continue;
    const middles = parts.map((p) => p.slice(head, p.length - tail).join('-'));
    if (middles.some((m) => !m) || new Set(middles).size !== middles.length) continue;
    // `metabase-mysql` and `nacos-mysql` are the servers of metabase and nacos, not two tenants' copies.
    if (middles.some((m) => ROLES.has(m) || taken.has(m))) continue;
    const base = [...parts[0]!.slice(0, head), ...parts[0]!.slice(parts[0]!.length - tail)].join('-');
    if (taken.has(base)) continue;
    const by = middles.every((m) => SHARD.test(m)) ? 'shard' : 'tenant';
    members.forEach((m, i) => Object.assign(m.node, { base, [by]: middles[i] }));
  }
}
