/**
 * What `${...}` can name, and interpolation itself. The global scope holds env, stack, namespace, vars, infra
 * connections, service addresses and secrets; an instance's scope adds its tenant and shard and points stamped
 * services at its own copies. `text()` writes references into plain fields, `env()` into env vars (the only
 * place a secret may go).
 */
import { formatPath } from '../diagnostics/diagnostic.js';
import { suggest } from '../diagnostics/did-you-mean.js';
import type { ModelPath } from '../load/source.js';
import type { Connection, EnvVar, SecretRef } from '../model/resolved.js';
import { keyShapes } from '../model/secret-shape.js';
import { envPrefix } from '../generate/names.js';
import type { ResolveContext } from './context.js';
import { connectionTo } from './infra.js';
import { MAX_EXPANDED, parseTemplate, type Piece } from '../model/template.js';
import { chainScope, tableScope, type Resolved, type Scope } from './interpolate.js';
import { peerOf, type Instance } from './stamp.js';
import { varsScope } from './vars.js';

export function globalScope(ctx: ResolveContext): Scope {
  const head = new Map<string, Resolved>([
    ['env', { text: ctx.catalog.environment }],
    ['stack', { text: ctx.spec.name }],
    ['namespace', { text: ctx.catalog.namespace }],
  ]);
  const tail = new Map<string, Resolved>();
  for (const name of ctx.infra.keys()) {
    const conn = connectionTo(ctx, name);
    if (conn) for (const [k, v] of Object.entries(connectionScope(conn))) tail.set(`infra.${name}.${k}`, v);
  }
  for (const inst of ctx.instances) for (const [k, v] of Object.entries(serviceScope(ctx, inst))) tail.set(`services.${inst.name}.${k}`, v);
  const secrets = ctx.merged.secrets ?? {};
  for (const [name, sec] of Object.entries(secrets)) for (const key of keyShapes(sec.generate).keys()) tail.set(`secrets.${name}.${key}`, { secret: { name, key } });
  // An existing Secret may hold any key; slipway cannot list them, so any key of it resolves.
  const existing: Scope = {
    lookup: (ref) => {
      const m = /^secrets\.([^.]+)\.(.+)$/.exec(ref);
      return m && secrets[m[1]!]?.existing ? { secret: { name: m[1]!, key: m[2]! } } : undefined;
    },
    known: () => Object.entries(secrets).filter(([, s]) => s.existing).map(([n]) => `secrets.${n}.<key>`),
  };
  const rest = chainScope(tableScope(head), tableScope(tail), existing);
  // Vars may use everything else, and each other; they sit after env/stack/namespace for "did you mean".
  const vars = varsScope(ctx, rest, (input, scope, path) => text(ctx, input, scope, path));
  return chainScope(tableScope(head), vars, tableScope(tail), existing);
}

/** What `${services.<name>.*}` names for one instance. */
export function serviceScope(ctx: ResolveContext, inst: Instance): Record<string, Resolved> {
  let scope = ctx.serviceScopes.get(inst);
  if (scope) return scope;
  const ports = Object.entries(inst.spec.ports ?? {});
  const host = `${inst.name}.${ctx.catalog.namespace}.svc`;
  scope = { host: { text: host }, name: { text: inst.name } };
  const first = ports[0];
  if (first) {
    const port = servicePortOf(first[1]);
    scope.port = { text: String(port) };
    scope.address = { text: `${host}:${port}` };
    scope.url = { text: `http://${host}:${port}` };
  }
  for (const [p, v] of ports) scope[`ports.${p}`] = { text: String(servicePortOf(v)) };
  ctx.serviceScopes.set(inst, scope);
  return scope;
}

/** Scope for one instance: its tenant/shard, and same-tenant copies of stamped services by base name. */
export function instanceScope(ctx: ResolveContext, inst: Instance): Scope {
  const local = new Map<string, Resolved>();
  if (inst.tenant) local.set('tenant', { text: inst.tenant });
  if (inst.shard) local.set('shard', { text: inst.shard });
  // Only stamped services resolve differently per instance; the rest are in the global scope already.
  for (const [base, list] of ctx.stamped) {
    const peer = peerOf(inst, list);
    if (peer && peer.name !== base) for (const [k, v] of Object.entries(serviceScope(ctx, peer))) local.set(`services.${base}.${k}`, v);
  }
  return chainScope(tableScope(local), ctx.globalScope);
}

/** Interpolate text where secrets are not allowed (images, files, hosts, args, vars). */
export function text(ctx: ResolveContext, input: string, scope: Scope, path: ModelPath): string {
  let out = '';
  for (const p of parseTemplate(input)) {
    out += piece(ctx, p, scope, path);
    if (out.length > MAX_EXPANDED) return tooLong(ctx, path);
  }
  return out;
}

function piece(ctx: ResolveContext, p: Piece, scope: Scope, path: ModelPath): string {
  if ('text' in p) return p.text;
  if ('unclosed' in p) return unclosed(ctx, p.unclosed, path);
  const r = lookup(ctx, p.ref, scope, path);
  if (!r) return '';
  if ('text' in r) return r.text;
  const field = path[0] === 'services' ? String(path[2]) : formatPath(path);
  ctx.issues.push({
    code: 'secret-in-text',
    message: `\${${p.ref}} holds a secret and cannot be written into ${field}`,
    hint: 'pass it through an env var instead: env: {DB_PASSWORD: "${' + p.ref + '}"}', path,
  });
  return '';
}

/**
 * A value that expands past what any Kubernetes object can hold (vars that use each other many times can double
 * at every step): one error, and expansion stops there rather than building a string that exhausts memory.
 */
function tooLong(ctx: ResolveContext, path: ModelPath): string {
  ctx.issues.push({
    code: 'value-too-long',
    message: `${formatPath(path)} expands to more than ${MAX_EXPANDED / 1024 / 1024} MiB; no Kubernetes object can hold that much`,
    hint: 'a var used many times over (or vars that use each other repeatedly) multiplies its length; put large content in files: instead',
    path,
  });
  return '';
}

/** Env vars from a template: plain text, a secretKeyRef, or text with $(VAR) expansion of a secret. */
export function env(ctx: ResolveContext, name: string, input: string, scope: Scope, path: ModelPath, out: EnvVar[]): void {
  const pieces = parseTemplate(input);
  if (pieces.length === 1 && 'ref' in pieces[0]!) {
    const r = lookup(ctx, pieces[0].ref, scope, path);
    if (r && 'secret' in r && !('template' in r)) {
      out.push({ name, secret: r.secret });
      return;
    }
  }
  let value = '';
  for (const p of pieces) {
    if ('text' in p) value += p.text;
    else if ('unclosed' in p) value += unclosed(ctx, p.unclosed, path);
    else {
      const r = scope.lookup(p.ref) ?? lookup(ctx, p.ref, scope, path);
      if (!r) continue;
      if ('text' in r) value += r.text;
      else {
        const hidden = secretVar(r.secret, out);
        const template = (r as { template?: string }).template;
        value += template ? template.replace('{password}', `$(${hidden})`) : `$(${hidden})`;
      }
    }
    if (value.length > MAX_EXPANDED) {
      tooLong(ctx, path);
      return;
    }
  }
  out.push({ name, value });
}

function lookup(ctx: ResolveContext, ref: string, scope: Scope, path: ModelPath): Resolved | undefined {
  const r = scope.lookup(ref);
  if (!r) {
    ctx.issues.push({
      code: 'unknown-reference',
      message: `unknown reference \${${ref}}`,
      hint: disabledHint(ctx, ref) ?? (suggest(ref, scope.known(), 'known references') || undefined), path,
    });
  }
  return r;
}

/** Why a reference into a component switched off in this environment finds nothing. */
function disabledHint(ctx: ResolveContext, ref: string): string | undefined {
  const name = /^(?:services|infra)\.([^.]+)\./.exec(ref)?.[1];
  if (!name || !ctx.disabled.has(name)) return undefined;
  return `"${name}" is disabled in environment "${ctx.catalog.environment}" (enabled: false): enable it there, or do not refer to it`;
}

function unclosed(ctx: ResolveContext, rest: string, path: ModelPath): string {
  const shown = rest.length > 40 ? `${rest.slice(0, 40)}…` : rest;
  ctx.issues.push({
    code: 'unclosed-reference',
    message: `unclosed reference "${shown}": \${ needs a closing }`,
    hint: 'close the reference with }, or write $${ for a literal ${', path,
  });
  return rest;
}

/** A hidden env var holding a secret, for $(VAR) expansion; reused when the same secret is already there. */
function secretVar(ref: SecretRef, out: EnvVar[]): string {
  const existing = out.find((e) => 'secret' in e && e.secret.name === ref.name && e.secret.key === ref.key);
  if (existing) return existing.name;
  const name = `SLIPWAY_${envPrefix(ref.name)}_${envPrefix(ref.key)}`;
  out.push({ name, secret: ref });
  return name;
}

export function servicePortOf(p: number | { port: number; servicePort?: number }): number {
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
