/**
 * `uses` → env vars: each dependency's connection mapped onto env names (the catalog's defaults, renamed or
 * dropped by the user), and the clashes when two dependencies, or a dependency and `env:`, set one name.
 */
import { suggest } from '../diagnostics/did-you-mean.js';
import { envPrefix } from '../generate/names.js';
import type { ModelPath } from '../load/source.js';
import type { Connection, EnvVar, ResolvedUse } from '../model/resolved.js';
import type { UseOptions } from '../model/stack.js';
import { normalizeUse, type UseEntry } from '../model/uses.js';
import type { ResolveContext } from './context.js';
import { serviceScope } from './scope.js';
import { peerOf, type Instance } from './stamp.js';

/** Every use of one instance, wired into `env`; two uses setting one name is a duplicate-env issue. */
export function wireUses(ctx: ResolveContext, inst: Instance, env: EnvVar[]): ResolvedUse[] {
  const at = (i: number): ModelPath => ['services', inst.base, 'uses', i];
  const setBy = new Map<string, string>();
  return (inst.spec.uses ?? []).flatMap((u, i) => {
    const before = env.length;
    const resolved = resolveUse(ctx, inst, u, at(i), env);
    const dep = normalizeUse(u).name;
    const clashes = new Map<string, string[]>();
    for (const e of env.slice(before)) {
      const other = setBy.get(e.name);
      // Hidden SLIPWAY_* vars are named by slipway, not by the user, who could not rename them.
      if (other && other !== dep && !e.name.startsWith('SLIPWAY_')) clashes.set(other, [...(clashes.get(other) ?? []), e.name]);
      setBy.set(e.name, dep);
    }
    for (const [other, names] of clashes) {
      const key = keyOf(resolved[0], names[0]!);
      ctx.issues.push({
        code: 'duplicate-env',
        message: `"${other}" and "${dep}" both set ${names.join(', ')}`,
        hint: `rename this one's variables, e.g. uses: [{${dep}: {env: {${key}: ${envPrefix(dep)}_${key.toUpperCase()}}}}]`,
        path: at(i),
      });
    }
    return resolved;
  });
}

/** A name in `env:` that a dependency already sets. */
export function checkEnvClash(ctx: ResolveContext, wired: ReadonlySet<string>, name: string, path: ModelPath): void {
  if (!wired.has(name)) return;
  ctx.issues.push({
    code: 'duplicate-env',
    message: `env var ${name} is also set by a dependency in uses`,
    hint: 'rename the dependency variable: uses: [{db: {env: {url: OTHER_NAME}}}], or drop it with null', path,
  });
}

function resolveUse(ctx: ResolveContext, inst: Instance, entry: UseEntry, path: ModelPath, env: EnvVar[]): ResolvedUse[] {
  const { name, options } = normalizeUse(entry);
  const wait = options.wait ?? true;
  const infra = ctx.infra.get(name);
  if (infra) {
    const { entry: cat } = infra;
    const conn = cat.connection(infra.resolved, ctx.catalog, options.database);
    const mapped = mapping(ctx, cat.env, options.env, [...path, name, 'env'], cat.type);
    wire(conn, mapped, envPrefix(name), env);
    return [{ target: name, targetKind: 'infra', ...(options.database ? { database: options.database } : {}), wait, env: mapped, connection: conn }];
  }
  const list = ctx.byBase.get(name) ?? ctx.instances.filter((i) => i.name === name);
  if (!list.length && ctx.disabled.has(name)) {
    const env = ctx.catalog.environment;
    ctx.issues.push({
      code: 'uses-disabled',
      message: `"${inst.base}" uses "${name}", which is disabled in environment "${env}" (enabled: false)`,
      hint: ctx.spec.environments
        ? `enable "${name}" in "${env}", or drop "${name}" from the uses of "${inst.base}" there (environments.${env}.services.${inst.base}.uses)`
        : `remove enabled: false from "${name}", or drop "${name}" from the uses of "${inst.base}"`,
      path,
    });
    return [];
  }
  if (!list.length) {
    const known = [...ctx.infra.keys(), ...ctx.byBase.keys()].filter((n) => n !== inst.base);
    ctx.issues.push({
      code: 'unknown-dependency',
      message: `"${inst.base}" uses "${name}", which is neither a service nor infra`,
      hint: suggest(name, known, 'known names') || undefined, path,
    });
    return [];
  }
  const target = peerOf(inst, list);
  if (!target) {
    ctx.issues.push({
      code: 'ambiguous-dependency',
      message: `"${name}" is stamped per tenant/shard (${list.map((l) => l.name).join(', ')}); "${inst.base}" must name one`,
      hint: `write uses: [${list[0]!.name}]`, path,
    });
    return [];
  }
  if (target.name === inst.name) {
    ctx.issues.push({ code: 'self-dependency', message: `"${inst.base}" uses itself`, hint: 'remove it from uses', path });
    return [];
  }
  const kind = target.spec.kind ?? 'service';
  if (kind === 'job') {
    return [{ target: target.name, targetKind: 'job', wait: true, env: {}, connection: { host: '', port: 0, tls: false, values: {} } }];
  }
  if (kind !== 'service' && kind !== 'agent') {
    ctx.issues.push({
      code: 'dependency-not-service',
      message: `"${name}" is a ${kind}; only services and jobs can be used`,
      hint: `a ${kind} has no address to connect to`, path,
    });
    return [];
  }
  const scope = serviceScope(ctx, target);
  const port = scope.port && 'text' in scope.port ? Number(scope.port.text) : 0;
  const host = (scope.host as { text: string }).text;
  if (!port) {
    ctx.issues.push({
      code: 'dependency-without-ports',
      message: `"${name}" has no ports to connect to`,
      hint: `add ports to "${name}" or remove it from uses`, path,
    });
  }
  const conn: Connection = { host, port, tls: false, values: { address: `${host}:${port}`, host, port: String(port) }, url: `http://${host}:${port}` };
  const prefix = envPrefix(name);
  const mapped = mapping(ctx, SERVICE_KEYS(prefix), options.env, [...path, name, 'env'], 'service');
  wire(conn, mapped, prefix, env);
  return [{ target: target.name, targetKind: 'service', wait: wait && port > 0, env: mapped, connection: conn }];
}

/**
 * Connection keys of a used service and their env names, <SERVICE>_<KEY> like the catalog's (REDIS_URL, …).
 * `address` is host:port without a scheme: what gRPC and most non-HTTP clients take.
 */
const SERVICE_KEYS = (prefix: string) => ({ url: `${prefix}_URL`, address: `${prefix}_ADDRESS`, host: `${prefix}_HOST`, port: `${prefix}_PORT` });

/** Connection key → env var name: the defaults, with the user's renames (null drops a key). */
function mapping(
  ctx: ResolveContext,
  defaults: Readonly<Record<string, string>>,
  user: UseOptions['env'],
  path: ModelPath,
  what: string,
): Record<string, string> {
  const out: Record<string, string> = { ...defaults };
  for (const [k, v] of Object.entries(user ?? {})) {
    if (!(k in defaults)) {
      ctx.issues.push({
        code: 'unknown-connection-key',
        message: `"${k}" is not a connection key of ${what}`,
        hint: suggest(k, Object.keys(defaults), 'keys'),
        path: [...path, k],
      });
      continue;
    }
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}

/** Connection → env vars: the password as secretKeyRef first, so the URL can expand it with $(VAR). */
function wire(conn: Connection, mapping: Record<string, string>, prefix: string, env: EnvVar[]): void {
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

/** The contract key a use maps to `envName` (for hints). */
function keyOf(use: ResolvedUse | undefined, envName: string): string {
  const found = Object.entries(use?.env ?? {}).find(([, v]) => v === envName)?.[0];
  return found ?? (/_PASSWORD$/.test(envName) ? 'password' : 'url');
}
