/**
 * Stage 3 — resolve: user stack + environment → ResolvedStack. Applies the overlay and profile defaults,
 * stamps tenants and shards, wires `uses` into env vars, interpolates `${...}`, and orders the graph.
 * Pure; problems are returned as issues (validate turns them into located diagnostics).
 */
import { catalogEntry, catalogTypes } from '../catalog/registry.js';
import type { CatalogContext, CatalogEntry } from '../catalog/contract.js';
import type { Connection, EnvVar, ResolvedFile, ResolvedInfra, ResolvedProbe, ResolvedResources, ResolvedService, ResolvedStack, ResolvedUse, SecretRef } from '../model/resolved.js';
import type { InfraSpec, ProbeSpec, ServiceSpec, StackSpec, UseOptions } from '../model/stack.js';
import type { ModelPath } from '../load/source.js';
import { envPrefix } from '../generate/names.js';
import type { Issue } from '../diagnostics/issue.js';
import { suggest } from '../diagnostics/did-you-mean.js';
import { orderGraph } from './graph.js';
import { DEFAULT_ENVIRONMENT, mergeEnvironment } from './merge-environment.js';
import { chainScope, parseTemplate, tableScope, type Resolved, type Scope } from './interpolate.js';
import { PROFILES } from './profiles.js';

export interface ResolveResult {
  /** Present when there were no issues. */
  stack?: ResolvedStack;
  issues: Issue[];
}

const DEFAULT_UID = 10001;

function resources(user: ServiceSpec['resources'], profile: ResolvedResources): ResolvedResources {
  const q = (v: string | number | undefined, d: string) => (v === undefined ? d : String(v));
  return {
    requests: { cpu: q(user?.cpu, profile.requests.cpu), memory: q(user?.memory, profile.requests.memory) },
    limits: { cpu: q(user?.limits?.cpu, profile.limits.cpu), memory: q(user?.limits?.memory, profile.limits.memory) },
  };
}

function placement(p: ServiceSpec['placement']) {
  return { nodeSelector: p?.nodeSelector ?? {}, tolerations: p?.tolerations ?? [] };
}

/** A `uses` entry in its long form. */
export function normalizeUse(entry: string | Record<string, UseOptions | null>): { name: string; options: UseOptions } {
  if (typeof entry === 'string') return { name: entry, options: {} };
  const [name, options] = Object.entries(entry)[0] ?? ['', null];
  return { name, options: options ?? {} };
}

interface Instance {
  name: string;
  base: string;
  spec: ServiceSpec;
  tenant?: string;
  shard?: string;
}

function stamp(base: string, spec: ServiceSpec, tenants: readonly string[]): Instance[] {
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

class Resolver {
  readonly issues: Issue[] = [];
  readonly merged: StackSpec;
  readonly ctx: CatalogContext;
  readonly infra = new Map<string, { resolved: ResolvedInfra; entry: CatalogEntry }>();
  readonly instances: Instance[] = [];
  readonly byBase = new Map<string, Instance[]>();
  /** Services stamped into several instances (tenants, shards). */
  readonly stamped = new Map<string, Instance[]>();
  readonly globalScope: Scope;

  constructor(
    readonly spec: StackSpec,
    readonly environment: string,
    opts: ResolveOptions = {},
  ) {
    this.merged = mergeEnvironment(spec, environment);
    const profile = this.merged.profile ?? 'default';
    const namespace = opts.namespace ?? this.merged.namespace ?? (spec.environments ? `${spec.name}-${environment}` : spec.name);
    this.ctx = { stack: spec.name, environment, namespace, profile };
    for (const [base, svc] of Object.entries(this.merged.services ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      const list = stamp(base, svc, this.merged.tenants ?? []);
      if (svc.perTenant && !(this.merged.tenants ?? []).length) {
        this.issue(['services', base, 'perTenant'], 'no-tenants', `"${base}" is perTenant but the stack has no tenants`, 'add `tenants: [a, b]` at the top level or in this environment');
      }
      this.byBase.set(base, list);
      if (list.length > 1 || list[0]?.name !== base) this.stamped.set(base, list);
      this.instances.push(...list);
    }
    this.resolveInfra();
    this.globalScope = this.buildGlobalScope();
  }

  issue(path: ModelPath, code: string, message: string, hint?: string): void {
    this.issues.push({ code, message, path, ...(hint ? { hint } : {}) });
  }

  private resolveInfra(): void {
    const profile = PROFILES[this.ctx.profile];
    const databases = new Map<string, Set<string>>();
    for (const inst of this.instances) {
      for (const u of inst.spec.uses ?? []) {
        const { name, options } = normalizeUse(u);
        if (options.database) databases.set(name, (databases.get(name) ?? new Set()).add(options.database));
      }
    }
    for (const [name, spec] of Object.entries(this.merged.infra ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      const entry = catalogEntry(spec.type);
      if (!entry) {
        this.issue(['infra', name, 'type'], 'unknown-infra-type', `unknown infra type "${spec.type}"`, suggest(spec.type, catalogTypes(), 'catalog types'));
        continue;
      }
      this.infra.set(name, { entry, resolved: this.infraOf(name, spec, entry, profile, [...(databases.get(name) ?? [])].sort()) });
    }
  }

  private infraOf(name: string, spec: InfraSpec, entry: CatalogEntry, profile: (typeof PROFILES)[keyof typeof PROFILES], databases: string[]): ResolvedInfra {
    const version = spec.version ?? entry.defaultVersion;
    const mode = spec.mode ?? 'internal';
    const replicas = spec.replicas ?? (this.ctx.profile === 'production' ? (entry.productionReplicas ?? 1) : 1);
    if (mode === 'internal' && replicas > entry.maxReplicas) {
      this.issue(['infra', name, 'replicas'], 'replicas-unsupported', `${entry.type} supports at most ${entry.maxReplicas} replica(s) when internal`, `use an external (managed) ${entry.type} for HA, or set replicas: ${entry.maxReplicas}`);
    }
    if (mode === 'external') {
      const ext = spec.external;
      const hasHost = ext?.host || (ext?.brokers && ext.brokers.length);
      if (!hasHost) this.issue(['infra', name, ext ? 'external' : 'mode'], 'external-needs-host', `external ${entry.type} "${name}" needs external.host${entry.type === 'kafka' ? ' or external.brokers' : ''}`, 'add `external: {host: db.example.internal, passwordSecret: {name: db-password}}`');
      if (entry.needsPassword && !ext?.passwordSecret) this.issue(['infra', name, ext ? 'external' : 'mode'], 'external-needs-secret', `external ${entry.type} "${name}" needs external.passwordSecret`, 'name an existing Secret in the target namespace: `passwordSecret: {name: db-password, key: password}`');
    }
    return {
      name,
      type: entry.type,
      mode,
      image: spec.image ?? `${entry.image}:${version}`,
      version,
      replicas,
      storage: spec.storage === undefined ? profile.storage : String(spec.storage),
      ...(spec.storageClass ? { storageClass: spec.storageClass } : {}),
      resources: resources(spec.resources, profile.infraResources),
      placement: placement(spec.placement),
      database: spec.database ?? spec.external?.database ?? this.spec.name.replace(/-/g, '_'),
      user: spec.user ?? spec.external?.user ?? this.spec.name.replace(/-/g, '_'),
      ...(spec.external ? { external: spec.external } : {}),
      databases: entry.supportsDatabases ? databases : [],
      ...(spec.timeout ? { timeout: spec.timeout } : {}),
    };
  }

  connection(infraName: string, database?: string): Connection | undefined {
    const found = this.infra.get(infraName);
    return found?.entry.connection(found.resolved, this.ctx, database);
  }

  private buildGlobalScope(): Scope {
    const table = new Map<string, Resolved>();
    const put = (k: string, v: Resolved) => table.set(k, v);
    put('env', { text: this.environment });
    put('stack', { text: this.spec.name });
    put('namespace', { text: this.ctx.namespace });
    for (const [k, v] of Object.entries(this.merged.vars ?? {})) put(`vars.${k}`, { text: String(v) });
    for (const name of this.infra.keys()) {
      const conn = this.connection(name);
      if (conn) for (const [k, v] of Object.entries(connectionScope(conn))) put(`infra.${name}.${k}`, v);
    }
    for (const inst of this.instances) for (const [k, v] of Object.entries(this.serviceScope(inst))) put(`services.${inst.name}.${k}`, v);
    const secrets = this.merged.secrets ?? {};
    for (const [name, sec] of Object.entries(secrets)) for (const key of sec.generate ?? []) put(`secrets.${name}.${key}`, { secret: { name, key } });
    // An existing Secret may hold any key; slipway cannot list them, so any key of it resolves.
    const existing: Scope = {
      lookup: (ref) => {
        const m = /^secrets\.([^.]+)\.(.+)$/.exec(ref);
        return m && secrets[m[1]!]?.existing ? { secret: { name: m[1]!, key: m[2]! } } : undefined;
      },
      known: () => Object.entries(secrets).filter(([, s]) => s.existing).map(([n]) => `secrets.${n}.<key>`),
    };
    return chainScope(tableScope(table), existing);
  }

  private readonly scopes = new Map<Instance, Record<string, Resolved>>();

  serviceScope(inst: Instance): Record<string, Resolved> {
    let scope = this.scopes.get(inst);
    if (!scope) this.scopes.set(inst, (scope = this.buildServiceScope(inst)));
    return scope;
  }

  private buildServiceScope(inst: Instance): Record<string, Resolved> {
    const ports = Object.entries(inst.spec.ports ?? {});
    const host = `${inst.name}.${this.ctx.namespace}.svc`;
    const out: Record<string, Resolved> = { host: { text: host }, name: { text: inst.name } };
    const first = ports[0];
    if (first) {
      const port = servicePortOf(first[1]);
      out.port = { text: String(port) };
      out.url = { text: `http://${host}:${port}` };
    }
    for (const [p, v] of ports) out[`ports.${p}`] = { text: String(servicePortOf(v)) };
    return out;
  }

  /** Scope for one instance: its tenant/shard, and same-tenant copies of stamped services by base name. */
  instanceScope(inst: Instance): Scope {
    const local = new Map<string, Resolved>();
    if (inst.tenant) local.set('tenant', { text: inst.tenant });
    if (inst.shard) local.set('shard', { text: inst.shard });
    // Only stamped services resolve differently per instance; the rest are in the global scope already.
    for (const [base, list] of this.stamped) {
      const peer = this.peerOf(inst, base, list);
      if (peer && peer.name !== base) for (const [k, v] of Object.entries(this.serviceScope(peer))) local.set(`services.${base}.${k}`, v);
    }
    return chainScope(tableScope(local), this.globalScope);
  }

  /** The copy of a stamped service that `inst` means when it names `base`. */
  peerOf(inst: Instance, base: string, list: Instance[]): Instance | undefined {
    if (list.length === 1) return list[0];
    return list.find((c) => (c.tenant ?? inst.tenant) === inst.tenant && (c.shard ?? inst.shard) === inst.shard && (c.tenant === inst.tenant || !c.tenant) && (c.shard === inst.shard || !c.shard));
  }

  /** Interpolate text where secrets are not allowed (files, hosts, args). */
  text(input: string, scope: Scope, path: ModelPath): string {
    return parseTemplate(input)
      .map((p) => {
        if ('text' in p) return p.text;
        const r = this.lookup(p.ref, scope, path);
        if (!r) return '';
        if ('text' in r) return r.text;
        this.issue(path, 'secret-in-text', `\${${p.ref}} holds a secret and cannot be written into ${String(path[2] ?? 'this field')}`, 'pass it through an env var instead: env: {DB_PASSWORD: "${' + p.ref + '}"}');
        return '';
      })
      .join('');
  }

  lookup(ref: string, scope: Scope, path: ModelPath): Resolved | undefined {
    const r = scope.lookup(ref);
    if (!r) this.issue(path, 'unknown-reference', `unknown reference \${${ref}}`, suggest(ref, scope.known(), 'known references') || undefined);
    return r;
  }

  /** Env vars from a template: plain text, a secretKeyRef, or text with $(VAR) expansion of a secret. */
  env(name: string, input: string, scope: Scope, path: ModelPath, out: EnvVar[]): void {
    const pieces = parseTemplate(input);
    if (pieces.length === 1 && 'ref' in pieces[0]!) {
      const r = this.lookup(pieces[0].ref, scope, path);
      if (r && 'secret' in r && !('template' in r)) {
        out.push({ name, secret: r.secret });
        return;
      }
    }
    let value = '';
    for (const p of pieces) {
      if ('text' in p) {
        value += p.text;
        continue;
      }
      const r = scope.lookup(p.ref) ?? this.lookup(p.ref, scope, path);
      if (!r) continue;
      if ('text' in r) value += r.text;
      else {
        const hidden = secretVar(r.secret, out);
        const template = (r as { template?: string }).template;
        value += template ? template.replace('{password}', `$(${hidden})`) : `$(${hidden})`;
      }
    }
    out.push({ name, value });
  }

  resolveService(inst: Instance): ResolvedService {
    const svc = inst.spec;
    const at = (...rest: (string | number)[]): ModelPath => ['services', inst.base, ...rest];
    const scope = this.instanceScope(inst);
    const profile = PROFILES[this.ctx.profile];
    const kind = svc.kind ?? 'service';
    const ports = Object.entries(svc.ports ?? {}).map(([name, p]) => ({
      name,
      port: typeof p === 'number' ? p : p.port,
      protocol: (typeof p === 'number' ? 'TCP' : (p.protocol ?? 'TCP')) as 'TCP' | 'UDP',
      servicePort: servicePortOf(p),
    }));
    const env: EnvVar[] = [];
    const setBy = new Map<string, string>();
    const uses = (svc.uses ?? []).flatMap((u, i) => {
      const before = env.length;
      const resolved = this.resolveUse(inst, u, at('uses', i), env);
      const dep = normalizeUse(u).name;
      const clashes = new Map<string, string[]>();
      for (const e of env.slice(before)) {
        const other = setBy.get(e.name);
        if (other && other !== dep && !e.name.startsWith('SLIPWAY_')) clashes.set(other, [...(clashes.get(other) ?? []), e.name]);
        setBy.set(e.name, dep);
      }
      for (const [other, names] of clashes) {
        const key = keyOf(resolved[0], names[0]!);
        this.issue(at('uses', i), 'duplicate-env', `"${other}" and "${dep}" both set ${names.join(', ')}`, `rename this one's variables, e.g. uses: [{${dep}: {env: {${key}: ${envPrefix(dep)}_${key.toUpperCase()}}}}]`);
      }
      return resolved;
    });
    const wired = new Set(env.map((e) => e.name));
    for (const [k, v] of Object.entries(svc.env ?? {})) {
      if (wired.has(k)) this.issue(at('env', k), 'duplicate-env', `env var ${k} is also set by a dependency in uses`, 'rename the dependency variable: uses: [{db: {env: {url: OTHER_NAME}}}], or drop it with null');
      this.env(k, String(v), scope, at('env', k), env);
    }
    const files: ResolvedFile[] = [];
    const keys = new Set<string>();
    for (const [path, content] of Object.entries(svc.files ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      let key = path.split('/').pop()!.replace(/[^-._a-zA-Z0-9]/g, '_') || 'file';
      for (let n = 2; keys.has(key); n++) key = `${n}-${key}`;
      keys.add(key);
      files.push({ path, key, content: this.text(content, scope, at('files', path)) });
    }
    const portName = (p: string | number | undefined, path: ModelPath): string | number | undefined => {
      if (p === undefined) return ports[0]?.name;
      const found = ports.find((x) => x.name === p || x.port === p);
      if (!found) this.issue(path, 'unknown-port', `port ${JSON.stringify(p)} is not a port of "${inst.base}"`, suggest(String(p), ports.map((x) => x.name), 'ports') || 'declare it under ports:');
      return found?.name ?? p;
    };
    const probe = (p: ProbeSpec | undefined, which: string, startup = false): ResolvedProbe | undefined => {
      if (!p) return undefined;
      const actions = [p.http !== undefined, p.tcp === true, p.exec !== undefined].filter(Boolean).length;
      if (actions !== 1) this.issue(at('health', which), 'probe-action', `the ${which} probe needs exactly one of http, tcp or exec`, 'e.g. readiness: {http: /ready}');
      const port = p.exec ? undefined : portName(p.port, at('health', which, 'port'));
      if (!p.exec && port === undefined) this.issue(at('health', which), 'probe-port', `the ${which} probe needs a port but "${inst.base}" has none`, 'add ports: {http: 8080} or use exec');
      return {
        ...(p.http ? { http: p.http } : {}),
        ...(p.tcp ? { tcp: true } : {}),
        ...(p.exec ? { exec: p.exec } : {}),
        ...(port !== undefined ? { port } : {}),
        initialDelay: p.initialDelay ?? 0,
        period: p.period ?? 10,
        timeout: p.timeout ?? 3,
        failureThreshold: p.failureThreshold ?? (startup ? 30 : 3),
      };
    };
    const readiness = svc.health?.readiness ?? (kind === 'service' && ports.length ? { tcp: true } : undefined);
    const ingress = svc.ingress;
    if (ingress && !ports.length) this.issue(at('ingress'), 'ingress-needs-port', `"${inst.base}" has an ingress but no ports`, 'add ports: {http: 8080}');
    if (kind === 'cron' && !svc.schedule) this.issue(at('kind'), 'cron-needs-schedule', `cron "${inst.base}" needs a schedule`, 'add schedule: "*/5 * * * *"');
    if (kind !== 'cron' && svc.schedule) this.issue(at('schedule'), 'schedule-not-cron', `schedule is only for kind: cron ("${inst.base}" is ${kind})`, 'add kind: cron or remove schedule');
    if ((kind === 'worker' || kind === 'cron' || kind === 'job') && ports.length) this.issue(at('ports'), 'ports-not-allowed', `a ${kind} has no ports ("${inst.base}")`, 'use kind: service for workloads that listen');
    if (kind === 'agent' && svc.replicas !== undefined) this.issue(at('replicas'), 'replicas-not-allowed', 'an agent runs one pod per node; replicas does not apply', 'remove replicas');
    const writable = [...new Set(['/tmp', ...(svc.writable ?? [])])].sort();
    return {
      name: inst.name,
      base: inst.base,
      ...(inst.tenant ? { tenant: inst.tenant } : {}),
      ...(inst.shard ? { shard: inst.shard } : {}),
      kind,
      image: svc.image,
      ...(svc.command ? { command: svc.command.map((c, i) => this.text(c, scope, at('command', i))) } : {}),
      ...(svc.args ? { args: svc.args.map((c, i) => this.text(c, scope, at('args', i))) } : {}),
      ...(svc.workingDir ? { workingDir: svc.workingDir } : {}),
      ports,
      env,
      files,
      replicas: svc.replicas ?? (kind === 'service' || kind === 'worker' ? profile.replicas : 1),
      resources: resources(svc.resources, profile.resources),
      health: {
        ...(svc.health?.liveness ? { liveness: probe(svc.health.liveness, 'liveness') } : {}),
        ...(readiness ? { readiness: probe(readiness, 'readiness') } : {}),
        ...(svc.health?.startup ? { startup: probe(svc.health.startup, 'startup', true) } : {}),
      },
      ...(ingress && ports.length
        ? {
            ingress: {
              host: this.text(ingress.host, scope, at('ingress', 'host')),
              path: ingress.path ?? '/',
              port: String(portName(ingress.port, at('ingress', 'port')) ?? ''),
              ...(ingress.tls ? { tls: { secretName: ingress.tls === true ? `${inst.name}-tls` : ingress.tls.secretName } } : {}),
              ...(ingress.className ? { className: ingress.className } : {}),
              annotations: ingress.annotations ?? {},
            },
          }
        : {}),
      placement: placement(svc.placement),
      uses,
      ...(svc.schedule ? { schedule: svc.schedule } : {}),
      concurrency: svc.concurrency ?? 'Forbid',
      user: svc.user ?? DEFAULT_UID,
      writable,
      readOnlyRootFilesystem: svc.readOnlyRootFilesystem ?? true,
      serviceAccountToken: svc.serviceAccountToken ?? false,
      ...(svc.timeout ? { timeout: svc.timeout } : {}),
      labels: svc.labels ?? {},
      annotations: svc.annotations ?? {},
    };
  }

  resolveUse(inst: Instance, entry: string | Record<string, UseOptions | null>, path: ModelPath, env: EnvVar[]): ResolvedUse[] {
    const { name, options } = normalizeUse(entry);
    const wait = options.wait ?? true;
    const infra = this.infra.get(name);
    if (infra) {
      const { entry: cat } = infra;
      if (options.database && !cat.supportsDatabases) this.issue([...path, name, 'database'], 'no-own-database', `${cat.type} cannot give each user its own database`, 'remove database:');
      if (options.database && options.database === infra.resolved.user) {
        this.issue([...path, name, 'database'], 'database-is-admin', `own database "${options.database}" has the name of ${name}'s admin user`, `choose another name; the admin user is ${infra.resolved.user}`);
      }
      const conn = cat.connection(infra.resolved, this.ctx, options.database);
      const mapping = this.mapping(cat.env, options.env, [...path, name, 'env'], cat.type);
      this.wire(conn, mapping, envPrefix(name), env);
      return [{ target: name, targetKind: 'infra', ...(options.database ? { database: options.database } : {}), wait, env: mapping, connection: conn }];
    }
    const list = this.byBase.get(name) ?? this.instances.filter((i) => i.name === name);
    if (!list.length) {
      const known = [...this.infra.keys(), ...this.byBase.keys()].filter((n) => n !== inst.base);
      this.issue(path, 'unknown-dependency', `"${inst.base}" uses "${name}", which is neither a service nor infra`, suggest(name, known, 'known names') || undefined);
      return [];
    }
    const target = this.peerOf(inst, name, list);
    if (!target) {
      this.issue(path, 'ambiguous-dependency', `"${name}" is stamped per tenant/shard (${list.map((l) => l.name).join(', ')}); "${inst.base}" must name one`, `write uses: [${list[0]!.name}]`);
      return [];
    }
    if (target.name === inst.name) {
      this.issue(path, 'self-dependency', `"${inst.base}" uses itself`, 'remove it from uses');
      return [];
    }
    const kind = target.spec.kind ?? 'service';
    if (kind === 'job') {
      return [{ target: target.name, targetKind: 'job', wait: true, env: {}, connection: { host: '', port: 0, tls: false, values: {} } }];
    }
    if (kind !== 'service' && kind !== 'agent') {
      this.issue(path, 'dependency-not-service', `"${name}" is a ${kind}; only services and jobs can be used`, `a ${kind} has no address to connect to`);
      return [];
    }
    const scope = this.serviceScope(target);
    const port = scope.port && 'text' in scope.port ? Number(scope.port.text) : 0;
    const host = (scope.host as { text: string }).text;
    if (!port) this.issue(path, 'dependency-without-ports', `"${name}" has no ports to connect to`, `add ports to "${name}" or remove it from uses`);
    const conn: Connection = { host, port, tls: false, values: { host, port: String(port) }, url: `http://${host}:${port}` };
    const prefix = envPrefix(name);
    const mapping = this.mapping({ url: `${prefix}_URL`, host: `${prefix}_HOST`, port: `${prefix}_PORT` }, options.env, [...path, name, 'env'], 'service');
    this.wire(conn, mapping, prefix, env);
    return [{ target: target.name, targetKind: 'service', wait: wait && port > 0, env: mapping, connection: conn }];
  }

  mapping(defaults: Readonly<Record<string, string>>, user: UseOptions['env'], path: ModelPath, what: string): Record<string, string> {
    const out: Record<string, string> = { ...defaults };
    for (const [k, v] of Object.entries(user ?? {})) {
      if (!(k in defaults)) {
        this.issue([...path, k], 'unknown-connection-key', `"${k}" is not a connection key of ${what}`, suggest(k, Object.keys(defaults), 'keys'));
        continue;
      }
      if (v === null) delete out[k];
      else out[k] = v;
    }
    return out;
  }

  /** Connection → env vars: the password as secretKeyRef first, so the URL can expand it with $(VAR). */
  wire(conn: Connection, mapping: Record<string, string>, prefix: string, env: EnvVar[]): void {
    let passwordVar: string | undefined;
    if (conn.password && (mapping.password || (mapping.url && conn.url))) {
      passwordVar = mapping.password ?? `SLIPWAY_${prefix}_PASSWORD`;
      env.push({ name: passwordVar, secret: conn.password });
    }
    for (const [key, envName] of Object.entries(mapping)) {
      if (key === 'password') continue;
      if (key === 'url') {
        if (conn.url) env.push({ name: envName, value: conn.url.replace('{password}', passwordVar ? `$(${passwordVar})` : '') });
        continue;
      }
      const value = conn.values[key];
      if (value !== undefined) env.push({ name: envName, value });
    }
  }

  run(): ResolveResult {
    const services = this.instances.map((i) => this.resolveService(i));
    const edges = services.flatMap((s) => s.uses.map((u) => ({ from: s.name, to: u.target, wait: u.wait })));
    const nodes = [...this.infra.keys(), ...services.map((s) => s.name)];
    // Only waits order the start-up; a use with wait: false may point back without a cycle.
    const graph = orderGraph(nodes, edges.filter((e) => e.wait));
    if (graph.cycle) {
      const first = this.instances.find((i) => i.name === graph.cycle![0]);
      this.issue(['services', first?.base ?? graph.cycle[0]!, 'uses'], 'dependency-cycle', `dependency cycle: ${graph.cycle.map((c) => `[${c}]`).join(' -> ')}`, 'remove one of these uses, or set wait: false on one of them if they really start independently');
    }
    if (this.issues.length) return { issues: this.issues };
    const rank = new Map(graph.order.map((n, i) => [n, i]));
    return {
      issues: [],
      stack: {
        name: this.spec.name,
        environment: this.environment,
        namespace: this.ctx.namespace,
        ...(this.spec.environments?.[this.environment]?.context ? { context: this.spec.environments[this.environment]!.context! } : {}),
        profile: this.ctx.profile,
        services: services.sort((a, b) => rank.get(a.name)! - rank.get(b.name)!),
        infra: [...this.infra.values()].map((i) => i.resolved),
        secrets: Object.entries(this.merged.secrets ?? {})
          .filter(([, sec]) => sec.generate)
          .map(([name, sec]) => ({ name, keys: [...new Set(sec.generate)].sort() }))
          .sort((a, b) => a.name.localeCompare(b.name)),
        order: graph.order,
        edges,
      },
    };
  }
}

/** The contract key a use maps to `envName` (for hints). */
function keyOf(use: ResolvedUse | undefined, envName: string): string {
  const found = Object.entries(use?.env ?? {}).find(([, v]) => v === envName)?.[0];
  return found ?? (/_PASSWORD$/.test(envName) ? 'password' : 'url');
}

function servicePortOf(p: number | { port: number; servicePort?: number }): number {
  return typeof p === 'number' ? p : (p.servicePort ?? p.port);
}

/** What `${infra.x.key}` can name. */
function connectionScope(conn: Connection): Record<string, Resolved> {
  const out: Record<string, Resolved> = {};
  for (const [k, v] of Object.entries(conn.values)) out[k] = { text: v };
  if (conn.password) out.password = { secret: conn.password };
  if (conn.url) out.url = conn.password ? { template: conn.url, secret: conn.password } : { text: conn.url };
  return out;
}

/** A hidden env var holding a secret, for $(VAR) expansion; reused when the same secret is already there. */
function secretVar(ref: SecretRef, env: EnvVar[]): string {
  const existing = env.find((e) => 'secret' in e && e.secret.name === ref.name && e.secret.key === ref.key);
  if (existing) return existing.name;
  const name = `SLIPWAY_${envPrefix(ref.name)}_${envPrefix(ref.key)}`;
  env.push({ name, secret: ref });
  return name;
}

export interface ResolveOptions {
  /** Target namespace instead of the stack's. @default environment namespace, else <stack>-<environment> */
  namespace?: string;
}

export function resolveStack(spec: StackSpec, environment: string = DEFAULT_ENVIRONMENT, opts: ResolveOptions = {}): ResolveResult {
  return new Resolver(spec, environment, opts).run();
}
