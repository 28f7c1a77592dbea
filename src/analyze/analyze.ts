/**
 * The map of a system slipway did not write: components from workloads, edges from the host names and Jobs
 * their pods name (resolved through the Services that select them), external servers from URLs and host:port
 * values that point outside. The result is a StackGraph, so every `graph` printer draws it.
 */
import { operatorServices } from '../k8s/operators.js';
import { componentOf } from '../k8s/object.js';
import type { Catalog } from '../catalog/catalog.js';
import { builtinCatalog } from '../catalog/builtin.js';
import type { K8sObject } from '../k8s/object.js';
import type { GraphEdge, GraphNode, StackGraph } from '../model/graph.js';
import { orderGraph } from '../resolve/graph.js';
import { findComponents, type FoundComponent, type PodTemplate } from './components.js';
import { detectCopies } from './copies.js';
import { hostMentions, jobMentions, textsOf, type HostMention, type Text } from './references.js';

export interface IngressRoute {
  host: string;
  path: string;
  component?: string;
  /** The tenant whose copy of the component serves the route (per-tenant hosts). */
  tenant?: string;
}

export interface ExternalServer {
  /** Its node on the map. */
  name: string;
  /** The host names that led to it, sorted (several for a broker list). */
  hosts: string[];
}

/** One lint rule's findings on the analysed objects, for the report. */
export interface Risk {
  rule: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** Objects it was found on, as Kind/namespace/name, sorted. */
  objects: string[];
}

export interface AnalyzeResult {
  graph: StackGraph;
  namespaces: string[];
  ingresses: IngressRoute[];
  externals: ExternalServer[];
  /** Lint findings grouped by rule (most severe first), when asked for (`-o markdown`). */
  risks?: Risk[];
}

interface ServiceInfo {
  namespace: string;
  name: string;
  selector: Record<string, string>;
}

const SQL_SCHEMES = new Set(['postgres', 'postgresql', 'mysql', 'mariadb', 'clickhouse', 'jdbc', 'tcp']);
const SCHEME_FAMILY: Record<string, string> = { postgres: 'postgresql', postgresql: 'postgresql', mysql: 'mysql', mariadb: 'mysql', redis: 'redis', rediss: 'redis', clickhouse: 'clickhouse', kafka: 'kafka', mongodb: 'mongodb', amqp: 'rabbitmq', amqps: 'rabbitmq', nats: 'nats' };
const NAME_FAMILY: [RegExp, string][] = [
  [/(^|_)(POSTGRES(QL)?|PG)(_|$)/, 'postgresql'],
  [/(^|_)(MYSQL|MARIADB)(_|$)/, 'mysql'],
  [/(^|_)REDIS(_|$)/, 'redis'],
  [/(^|_)KAFKA(_|$)/, 'kafka'],
  [/(^|_)CLICKHOUSE(_|$)/, 'clickhouse'],
  [/(^|_)MONGO(DB)?(_|$)/, 'mongodb'],
];
const PORT_FAMILY: Record<number, string> = { 5432: 'postgresql', 3306: 'mysql', 6379: 'redis', 9092: 'kafka', 8123: 'clickhouse', 9000: 'clickhouse', 27017: 'mongodb', 5672: 'rabbitmq', 4222: 'nats' };

interface Evidence {
  to: string;
  init: boolean;
  carries: string;
  rank: number;
}

function carriesOf(m: HostMention | undefined, t: Text, job: boolean): { carries: string; rank: number } {
  if (job) return { carries: 'completion', rank: 2 };
  if (m?.scheme && SQL_SCHEMES.has(m.scheme) && m.path) return { carries: `database ${m.path}`, rank: 6 };
  if (t.envName && /BROKER|BOOTSTRAP/i.test(t.envName)) return { carries: 'brokers', rank: 5 };
  if (m?.scheme && m.scheme !== 'http' && m.scheme !== 'https') return { carries: m.scheme, rank: 4 };
  if (m?.scheme) return { carries: 'url', rank: 3 };
  return { carries: 'address', rank: 1 };
}

/** An address, loopback or an in-cluster name that no Service answers to: never an external server. */
function notExternal(host: string): boolean {
  return /^[\d.]+$/.test(host) || host === 'localhost' || /\.svc(\.cluster\.local)?$/.test(host) || host.endsWith('.cluster.local');
}

function podSelected(selector: Record<string, string>, pod: PodTemplate): boolean {
  const labels = pod.metadata?.labels ?? {};
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
}

export function analyzeObjects(objects: readonly K8sObject[], catalog: Catalog = builtinCatalog): AnalyzeResult {
  const configMaps = new Map<string, Map<string, K8sObject>>();
  for (const o of objects.filter((x) => x.kind === 'ConfigMap')) {
    const ns = o.metadata.namespace ?? '';
    configMaps.set(ns, (configMaps.get(ns) ?? new Map()).set(o.metadata.name, o));
  }
  const services: ServiceInfo[] = objects
    .filter((o) => o.kind === 'Service')
    .map((o) => ({ namespace: o.metadata.namespace ?? '', name: o.metadata.name, selector: (o as { spec?: { selector?: Record<string, string> } }).spec?.selector ?? {} }));
  const components = findComponents(objects, (ns, pod) => services.some((s) => s.namespace === ns && podSelected(s.selector, pod)), catalog);
  detectCopies(components);
  // A map of several namespaces draws each as a box around its components.
  if (new Set(components.map((c) => c.namespace)).size > 1) for (const c of components) if (c.namespace) c.node.namespace = c.namespace;

  // Every name a Service answers to, mapped to the component whose pods it selects.
  const fqdn = new Map<string, string>();
  const short = new Map<string, string>();
  for (const s of services) {
    const target = components.find((c) => c.namespace === s.namespace && c.pods.some((p) => podSelected(s.selector, p)));
    if (!target) continue;
    for (const n of [`${s.name}.${s.namespace}`, `${s.name}.${s.namespace}.svc`, `${s.name}.${s.namespace}.svc.cluster.local`]) fqdn.set(n, target.node.name);
    short.set(`${s.namespace}\0${s.name}`, target.node.name);
  }
  // Services an operator will make for a resource in the input (CloudNativePG's <cluster>-rw) reach the component
  // the resource belongs to, though the input holds no Service object for them.
  for (const o of objects) {
    const ns = o.metadata.namespace ?? '';
    const target = components.find((c) => c.namespace === ns && c.node.name === (componentOf(o) ?? o.metadata.name));
    if (!target) continue;
    for (const name of operatorServices(o)) {
      for (const n of [`${name}.${ns}`, `${name}.${ns}.svc`, `${name}.${ns}.svc.cluster.local`]) fqdn.set(n, target.node.name);
      short.set(`${ns}\0${name}`, target.node.name);
    }
  }
  const jobs = new Map<string, string>();
  for (const c of components) for (const w of c.workloads) if (w.kind === 'Job' || w.kind === 'CronJob') jobs.set(`${c.namespace}\0${w.metadata.name}`, c.node.name);

  const tenantOf = new Map(components.filter((c) => c.node.tenant).map((c) => [c.node.name, c.node.tenant!]));
  const ingresses = ingressRoutes(objects, short).map((i) => (i.component && tenantOf.has(i.component) ? { ...i, tenant: tenantOf.get(i.component)! } : i));
  const ownHosts = new Set(ingresses.map((i) => i.host));
  const inCluster = (c: FoundComponent, m: HostMention): string | undefined => {
    const direct = fqdn.get(m.host) ?? (m.certain ? short.get(`${c.namespace}\0${m.host}`) : undefined);
    // A StatefulSet pod's own name under its headless Service: kafka-0.kafka-headless.ns.svc.
    return direct ?? fqdn.get(m.host.slice(m.host.indexOf('.') + 1));
  };

  const externals = new Map<string, GraphNode>();
  const hostsOf = new Map<string, Set<string>>();
  const evidence = new Map<string, Evidence[]>();
  for (const c of components) {
    const texts = c.pods.flatMap((p) => textsOf(p, configMaps.get(c.namespace) ?? new Map()));
    const found: Evidence[] = [];
    const outside = new Set<string>();
    const pending: [HostMention, Text][] = [];
    for (const t of texts) {
      for (const j of jobMentions(t.text)) {
        const to = jobs.get(`${c.namespace}\0${j}`);
        if (to) found.push({ to, init: t.init, ...carriesOf(undefined, t, true) });
      }
      for (const m of hostMentions(t.text, t.envName)) {
        const to = inCluster(c, m);
        if (to) found.push({ to, init: t.init, ...carriesOf(m, t, false) });
        else if (m.certain && !t.file && m.host.includes('.') && !notExternal(m.host) && !ownHosts.has(m.host)) {
          outside.add(m.host);
          pending.push([m, t]);
        } else pending.push([m, t]);
      }
    }
    // An external host seen for certain (a URL, host:port, a whole value) also counts where it is only a token,
    // such as a wait container's `psql -h 'db.example.com'`.
    for (const [m, t] of pending) {
      if (!outside.has(m.host)) continue;
      const node = externalNode(m, t.envName, externals, components);
      hostsOf.set(node.name, (hostsOf.get(node.name) ?? new Set()).add(m.host));
      found.push({ to: node.name, init: t.init, ...carriesOf(m, t, false) });
    }
    evidence.set(c.node.name, found.filter((e) => e.to !== c.node.name));
  }

  const edges: GraphEdge[] = [];
  for (const [from, found] of evidence) {
    const byTarget = new Map<string, Evidence[]>();
    for (const e of found) byTarget.set(e.to, [...(byTarget.get(e.to) ?? []), e]);
    for (const [to, es] of byTarget) {
      // What the app itself reads says what the edge carries; a wait container's check is only the fallback.
      const best = [...es].sort((a, b) => Number(a.init) - Number(b.init) || b.rank - a.rank)[0]!;
      edges.push({ from, to, wait: es.some((e) => e.init), carries: best.carries });
    }
  }
  edges.sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  const nodes = [...components.map((c) => c.node), ...new Set([...externals].filter(([k]) => !k.startsWith('host:')).map(([, n]) => n))];
  const { order } = orderGraph(
    nodes.map((n) => n.name),
    edges,
  );
  const byName = new Map(nodes.map((n) => [n.name, n]));
  return {
    graph: { nodes: order.map((n) => byName.get(n)!), edges },
    namespaces: [...new Set(components.map((c) => c.namespace))].sort(),
    ingresses,
    externals: [...hostsOf].map(([name, hosts]) => ({ name, hosts: [...hosts].sort() })).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** The node for a server outside the cluster: named by its host's first label unless a component has that name. */
function externalNode(m: HostMention, envName: string | undefined, externals: Map<string, GraphNode>, components: readonly FoundComponent[]): GraphNode {
  const family =
    (m.scheme && SCHEME_FAMILY[m.scheme]) || (m.port ? PORT_FAMILY[m.port] : undefined) || NAME_FAMILY.find(([re]) => re.test(envName ?? ''))?.[1];
  // Members of one cluster (kafka-1.…, kafka-2.… in a broker list) are one server on the map.
  const [label, ...domain] = m.host.split('.');
  const first = label!.replace(/-?\d+$/, '') || label!;
  const key = `host:${[first, ...domain].join('.')}`;
  const seen = externals.get(key);
  // The family may show in only one of the host's mentions (a DSN's scheme, a port): the first that has it wins.
  if (seen) {
    if (!seen.type && family) seen.type = family;
    return seen;
  }
  const taken = (n: string) => components.some((c) => c.node.name === n) || externals.has(n);
  const name = taken(first) ? m.host : first;
  const node: GraphNode = { name, kind: 'infra', external: true, ...(family ? { type: family } : {}) };
  externals.set(name, node).set(key, node);
  return node;
}

function ingressRoutes(objects: readonly K8sObject[], short: ReadonlyMap<string, string>): IngressRoute[] {
  const out: IngressRoute[] = [];
  for (const o of objects.filter((x) => x.kind === 'Ingress')) {
    const rules = (o as { spec?: { rules?: { host?: string; http?: { paths?: { path?: string; backend?: { service?: { name?: string } } }[] } }[] } }).spec?.rules ?? [];
    for (const r of rules) {
      for (const p of r.http?.paths ?? []) {
        const component = short.get(`${o.metadata.namespace ?? ''}\0${p.backend?.service?.name ?? ''}`);
        out.push({ host: (r.host ?? '*').toLowerCase(), path: p.path ?? '/', ...(component ? { component } : {}) });
      }
    }
  }
  return out.sort((a, b) => a.host.localeCompare(b.host) || a.path.localeCompare(b.path));
}
