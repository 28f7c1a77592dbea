/** Things that must be unique: component names across services and infra, ports, tenants, ingress routes. */
import type { StackSpec } from '../../model/stack.js';
import type { Issue } from '../../diagnostics/issue.js';

function duplicatesIn(list: readonly string[]): Set<string> {
  const seen = new Set<string>();
  return new Set(list.filter((x) => (seen.has(x) ? true : (seen.add(x), false))));
}

export function duplicateRule(stack: StackSpec): Issue[] {
  const issues: Issue[] = [];
  for (const name of Object.keys(stack.services ?? {})) {
    if (stack.infra?.[name]) issues.push({ code: 'duplicate-name', message: `"${name}" is both a service and an infra entry`, hint: 'component names share one namespace of objects; rename one', path: ['services', name], atKey: true });
  }
  const tenants = stack.tenants ?? [];
  for (const t of duplicatesIn(tenants)) issues.push({ code: 'duplicate-tenant', message: `tenant "${t}" is listed twice`, hint: 'remove the second entry', path: ['tenants', tenants.lastIndexOf(t)] });
  const routes = new Map<string, string>();
  for (const [name, svc] of Object.entries(stack.services ?? {})) {
    const byNumber = new Map<number, string>();
    for (const [port, p] of Object.entries(svc.ports ?? {})) {
      const n = typeof p === 'number' ? p : p.port;
      const other = byNumber.get(n);
      if (other) issues.push({ code: 'port-clash', message: `ports "${other}" and "${port}" of "${name}" both use ${n}`, hint: 'each container port number may be declared once', path: ['services', name, 'ports', port] });
      byNumber.set(n, port);
    }
    for (const s of duplicatesIn(svc.shards ?? [])) issues.push({ code: 'duplicate-shard', message: `shard "${s}" of "${name}" is listed twice`, hint: 'remove the second entry', path: ['services', name, 'shards'] });
    if (svc.ingress && !svc.perTenant && !svc.shards) {
      const route = `${svc.ingress.host}${svc.ingress.path ?? '/'}`;
      const other = routes.get(route);
      if (other) issues.push({ code: 'ingress-clash', message: `"${name}" and "${other}" both route ${route}`, hint: 'give one of them another host or path', path: ['services', name, 'ingress', 'host'] });
      routes.set(route, name);
    }
  }
  return issues;
}
