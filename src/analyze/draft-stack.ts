/**
 * `analyze --to-stack`: a first stack file for a system slipway did not write. Workloads become services (kind,
 * image, ports, replicas, plain env), catalog servers become infra entries, servers outside the cluster become
 * external infra, tenant and shard copies fold back into one entry, and every edge becomes a `uses`. What a
 * machine cannot decide — credentials, renamed connection variables, servers the catalog does not know — is left
 * as a TODO comment next to the entry, never guessed.
 */
import type { Catalog } from '../catalog/catalog.js';
import type { CatalogEntry } from '../catalog/contract.js';
import { builtinCatalog } from '../catalog/builtin.js';
import { draftYaml } from '../emit/draft-yaml.js';
import type { K8sObject } from '../k8s/object.js';
import type { GraphNode } from '../model/graph.js';
import type { AnalyzeResult } from './analyze.js';
import { findComponents, podTemplateOf, type Container } from './components.js';
import { envPrefix } from '../generate/names.js';

interface Draft {
  spec: Record<string, unknown>;
  todo: string[];
}

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A stack name from the analysed namespace(s): a DNS label, or "imported". */
function stackName(namespaces: readonly string[]): string {
  const n = namespaces.length === 1 ? namespaces[0]! : '';
  return LABEL.test(n) && n.length <= 40 ? n : 'imported';
}

function portsOf(c: Container & { ports?: { name?: string; containerPort?: number; protocol?: string }[] }): Record<string, unknown> | undefined {
  const ports: Record<string, unknown> = {};
  for (const p of c.ports ?? []) {
    if (!p.containerPort) continue;
    const name = p.name && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(p.name) && p.name.length <= 15 ? p.name : `port-${p.containerPort}`;
    ports[name] = p.protocol === 'UDP' ? { port: p.containerPort, protocol: 'UDP' } : p.containerPort;
  }
  return Object.keys(ports).length ? ports : undefined;
}

/**
 * The options that make a catalog entry connect to the infra it was seen connecting to (Nacos to its MySQL): an
 * entry names a dependency in the option called after the dependency's type, or in the option its replicasNeed
 * names (ClickHouse's `keeper`), and dependsOn confirms it.
 */
function dependencyOptions(entry: CatalogEntry, targets: readonly GraphNode[]): { options?: Record<string, string> } {
  if (!entry.dependsOn) return {};
  const options: Record<string, string> = {};
  for (const t of targets) {
    if (t.kind !== 'infra' || !t.type) continue;
    options[t.type] = t.base ?? t.name;
    if (entry.replicasNeed?.type === t.type) options[entry.replicasNeed.option] = t.base ?? t.name;
  }
  const probe = { options } as unknown as Parameters<NonNullable<CatalogEntry['dependsOn']>>[0];
  const optionOf = (path: readonly string[]) => (path.length === 2 && path[0] === 'options' ? path[1] : undefined);
  const named = entry.dependsOn(probe).flatMap((d) => {
    const key = optionOf(d.path);
    return key !== undefined && options[key] === d.name ? [[key, d.name] as const] : [];
  });
  return named.length ? { options: Object.fromEntries(named) } : {};
}

export function draftStack(objects: readonly K8sObject[], result: AnalyzeResult, catalog: Catalog = builtinCatalog): string {
  const catalogEntry = (type: string) => catalog.entry(type);
  const byName = new Map(result.graph.nodes.map((n) => [n.name, n]));
  const found = new Map(findComponents(objects, () => false, catalog).map((c) => [c.node.name, c]));
  const services: Record<string, Draft> = {};
  const infra: Record<string, Draft> = {};
  const tenants = new Set<string>();
  const targets = (from: string) => result.graph.edges.filter((e) => e.from === from);

  for (const n of result.graph.nodes) {
    const base = n.base ?? n.name;
    if (services[base] || infra[base]) continue;
    if (n.external) {
      infra[base] = externalDraft(n, result, catalog);
      continue;
    }
    // A catalog server that connects to more than its entry can be told (a Grafana reading a PostgreSQL, a
    // Prometheus scraping the apps) stays a service: an infra entry would drop those edges from the graph.
    const entry = n.kind === 'infra' && n.type ? catalogEntry(n.type) : undefined;
    const deps = entry ? dependencyOptions(entry, targets(n.name).map((e) => byName.get(e.to)!)) : {};
    const told = new Set(Object.values(deps.options ?? {}));
    const untold = targets(n.name).filter((e) => !told.has(byName.get(e.to)?.base ?? e.to));
    if (entry && !untold.length) {
      const image = podTemplateOf(found.get(n.name)?.workloads[0] ?? ({} as K8sObject))?.spec?.containers?.[0]?.image;
      infra[base] = { spec: { type: n.type, ...deps }, todo: image ? [`was ${image}: pin the catalog version with version: if it matters`] : [] };
      continue;
    }
    const comp = found.get(n.name);
    const container = comp ? podTemplateOf(comp.workloads[0]!)?.spec?.containers?.[0] : undefined;
    const todo: string[] = [];
    const spec: Record<string, unknown> = {};
    const kind = n.kind === 'infra' ? 'service' : n.kind;
    if (n.kind === 'infra' && entry) todo.push(`recognised as ${n.type}, kept a service: it connects to ${untold.map((e) => e.to).join(', ')}, which a ${n.type} entry does not take`);
    else if (n.kind === 'infra') todo.push(`recognised as ${n.type}, which the catalog does not deploy: it runs as a service from its image`);
    if (kind !== 'service') spec.kind = kind;
    const schedule = (comp?.workloads.find((w) => w.kind === 'CronJob') as { spec?: { schedule?: string } } | undefined)?.spec?.schedule;
    if (kind === 'cron') spec.schedule = schedule ?? '0 * * * *';
    if (kind === 'cron' && !schedule) todo.push('no schedule found: hourly written, set schedule:');
    spec.image = container?.image ?? 'TODO';
    if (!container?.image) todo.push('no image found: set image:');
    if (container?.command) spec.command = container.command;
    if (container?.args) spec.args = container.args;
    const ports = (container ? portsOf(container as Parameters<typeof portsOf>[0]) : undefined) ?? servicePorts(objects, comp?.pods[0]?.metadata?.labels, comp?.namespace);
    if (ports && (kind === 'service' || kind === 'agent')) spec.ports = ports;
    const replicas = (comp?.workloads[0] as { spec?: { replicas?: number } } | undefined)?.spec?.replicas;
    if ((kind === 'service' || kind === 'worker') && replicas !== undefined && replicas !== 1) spec.replicas = replicas;
    if (n.tenant) {
      spec.perTenant = true;
      for (const m of result.graph.nodes) if ((m.base ?? m.name) === base && m.tenant) tenants.add(m.tenant);
    } else if (n.shard) spec.shards = result.graph.nodes.filter((m) => (m.base ?? m.name) === base && m.shard).map((m) => m.shard);
    // Plain values stay; values that reach another component are what `uses` wires now.
    const env: Record<string, string> = {};
    const dropped: string[] = [];
    for (const e of container?.env ?? []) {
      if (e.value === undefined) dropped.push(e.name);
      else if (targets(n.name).length && /[a-z0-9-]+\.[a-z0-9-]+|:\/\//i.test(e.value) && /(HOST|ADDR|URL|URI|DSN|BROKERS?|SERVER|ENDPOINT)/i.test(e.name)) dropped.push(e.name);
      else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(e.name) && !e.value.includes('$(')) env[e.name] = e.value;
    }
    // A copy using its own tenant's (or shard's) copy of another entry is written as the entry, as slipway stamps
    // it; any other use of a copy names that copy.
    const depOf = (to: string) => {
      const t = byName.get(to);
      const sameCopy = t?.base && ((t.tenant && t.tenant === n.tenant) || (t.shard && t.shard === n.shard));
      return sameCopy ? t.base! : to;
    };
    const uses = [...new Map(targets(n.name).map((e) => [depOf(e.to), e])).values()].filter((e) => depOf(e.to) !== base);
    const taken = new Set<string>();
    spec.uses = uses.map((e) => {
      const dep = depOf(e.to);
      const target = byName.get(e.to);
      const entry = target?.kind === 'infra' && target.type ? catalogEntry(target.type) : undefined;
      // Two servers of one family would both set DATABASE_URL, …: later ones get names after themselves.
      const defaults = entry ? Object.values(entry.env) : ['_URL', '_ADDRESS', '_HOST', '_PORT'].map((k) => `${envPrefix(dep)}${k}`);
      const clash = entry !== undefined && defaults.some((d) => taken.has(d));
      const rename = clash ? Object.fromEntries(Object.entries(entry!.env).map(([k, d]) => [k, `${envPrefix(dep)}${d.slice(d.indexOf('_'))}`])) : undefined;
      for (const d of rename ? Object.values(rename) : defaults) taken.add(d);
      const options = { ...(rename ? { env: rename } : {}), ...(e.wait ? {} : { wait: false }) };
      return Object.keys(options).length ? { [dep]: options } : dep;
    });
    if (!uses.length) delete spec.uses;
    // A plain value under a name the wiring now sets would clash with it: the wiring's value wins.
    for (const k of Object.keys(env)) {
      if (taken.has(k)) {
        delete env[k];
        dropped.push(k);
      }
    }
    if (Object.keys(env).length) spec.env = env;
    if (dropped.length) todo.push(`left out ${dropped.join(', ')}: secrets and connection values come from uses: and secrets: now (rename with uses: [{dep: {env: {url: NAME}}}])`);
    services[base] = { spec, todo };
  }
  return render(stackName(result.namespaces), [...tenants].sort(), services, infra);
}

/** Ports of the Services that select a component's pods, when its containers declare none. */
function servicePorts(objects: readonly K8sObject[], labels: Record<string, string> | undefined, namespace: string | undefined): Record<string, unknown> | undefined {
  const ports: Record<string, number> = {};
  for (const o of objects) {
    if (o.kind !== 'Service' || (o.metadata.namespace ?? '') !== (namespace ?? '')) continue;
    const spec = (o as { spec?: { selector?: Record<string, string>; ports?: { name?: string; port?: number; targetPort?: number | string }[] } }).spec;
    const selector = Object.entries(spec?.selector ?? {});
    if (!selector.length || !selector.every(([k, v]) => labels?.[k] === v)) continue;
    for (const p of spec?.ports ?? []) {
      const port = typeof p.targetPort === 'number' ? p.targetPort : p.port;
      if (port) ports[p.name && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(p.name) && p.name.length <= 15 ? p.name : `port-${port}`] = port;
    }
  }
  return Object.keys(ports).length ? ports : undefined;
}

function externalDraft(n: GraphNode, result: AnalyzeResult, catalog: Catalog): Draft {
  const hosts = result.externals.find((x) => x.name === n.name)?.hosts ?? [];
  if (!n.type || !catalog.entry(n.type)) {
    return { spec: { type: n.type ?? 'TODO', mode: 'external', external: { host: hosts[0] ?? 'TODO' } }, todo: [`a server outside the cluster (${hosts.join(', ')}) of a kind the catalog does not know: declare it, or drop it and keep its address in env`] };
  }
  const external: Record<string, unknown> = n.type === 'kafka' ? { brokers: hosts.map((h) => `${h}:9092`) } : { host: hosts[0] ?? 'TODO' };
  const needsPassword = n.type !== 'kafka';
  if (needsPassword) external.passwordSecret = { name: `${n.name}-password` };
  const todo = [`outside the cluster at ${hosts.join(', ')}`];
  if (needsPassword) todo.push(`create Secret ${n.name}-password (key password) in the namespace, or name the existing one`);
  if (n.type === 'kafka') todo.push('check the broker port (9092 assumed)');
  return { spec: { type: n.type, mode: 'external', external }, todo };
}

function render(name: string, tenants: string[], services: Record<string, Draft>, infra: Record<string, Draft>): string {
  const body: Record<string, unknown> = { name };
  if (tenants.length) body.tenants = tenants;
  if (Object.keys(services).length) body.services = Object.fromEntries(Object.entries(services).map(([k, d]) => [k, d.spec]));
  if (Object.keys(infra).length) body.infra = Object.fromEntries(Object.entries(infra).map(([k, d]) => [k, d.spec]));
  const comments = (section: string, drafts: Record<string, Draft>) => Object.entries(drafts).map(([k, d]) => ({ path: [section, k], lines: d.todo }));
  return draftYaml(body, ' Draft stack written by `slipway analyze --to-stack`. Review every TODO, then `slipway validate`.', [...comments('services', services), ...comments('infra', infra)]);
}
