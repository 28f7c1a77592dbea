/**
 * Env values that name another compose service become references slipway resolves: the host, the port, and —
 * for catalog infra — the user, password and database slipway generates, written into the app's own URL format
 * (`postgres://app:pw@db:5432/app?sslmode=disable` keeps its scheme and query; only the parts slipway owns become
 * `${infra.db.*}`). Every target named this way becomes a `uses` entry, so waits, the graph and network policies
 * follow. Literal secrets that reach no target become generated keys; none is ever written into the stack.
 */
import type { CatalogEntry } from '../catalog/contract.js';
import { envPrefix } from '../generate/names.js';

export interface Target {
  name: string;
  kind: 'infra' | 'service' | 'job' | 'worker';
  /** Catalog type of infra targets. */
  type?: string;
  /** The catalog entry of infra targets (from the catalog the import runs with). */
  entry?: CatalogEntry;
  /** Container port → port name, for services. */
  ports: Map<number, string>;
  /** What compose gave the infra (POSTGRES_USER, …), to recognise the same values in apps. */
  creds?: { user?: string; password?: string; database?: string; secrets?: string[] };
}

export interface Wired {
  env: [string, string][];
  /** Targets in first-use order, with the default variables to drop because the app sets them itself. */
  uses: Map<string, Set<string>>;
  /** Env names whose literal secret became a generated key. */
  secrets: string[];
  /** Remarks for the reviewer (never containing a secret). */
  review: string[];
}

const HOSTISH = /(HOST|ADDR|URL|URI|DSN|SERVER|ENDPOINT|BROKER|BOOTSTRAP)/i;
const SECRETISH = /(PASSWORD|PASSWD|PASS$|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL)/i;
const ENDPOINT = /(?<![A-Za-z0-9_.-])(?:([a-z][a-z0-9+.-]*:\/\/)(?:([^:@/\s]*)(?::([^@/\s]*))?@)?)?([A-Za-z0-9_][A-Za-z0-9_.-]*)(?::(\d{1,5}))?(\/[A-Za-z0-9_]+)?(?![A-Za-z0-9_.-])/gi;

/** Host names compose services answer to in a value: `host[:port]` with a scheme or a port, or a bare host list. */
export function referencedPorts(name: string, value: string, targets: ReadonlyMap<string, Target>): [string, number][] {
  const out: [string, number][] = [];
  for (const m of value.matchAll(ENDPOINT)) {
    const [, scheme, , , host, port] = m;
    if (targets.has(host!) && (port || scheme)) out.push([host!, port ? Number(port) : scheme!.startsWith('https') ? 443 : 80]);
  }
  return HOSTISH.test(name) ? out : out.filter(([, p]) => p);
}

/** The default variables a `uses` of the target sets, by connection key. */
export function defaultEnv(target: Target): Record<string, string> {
  const entry = target.entry;
  if (entry) return { ...entry.env };
  const p = envPrefix(target.name);
  return { url: `${p}_URL`, address: `${p}_ADDRESS`, host: `${p}_HOST`, port: `${p}_PORT` };
}

function infraPort(t: Target, port: number | undefined): string | undefined {
  const entry = t.entry!;
  if (port === undefined || port === entry.port) return `\${infra.${t.name}.port}`;
  if (t.type === 'clickhouse' && port === 9000) return `\${infra.${t.name}.nativePort}`;
  return undefined;
}

function rewrite(name: string, value: string, targets: ReadonlyMap<string, Target>, hits: Set<string>, review: string[]): string {
  const bareList = /^[A-Za-z0-9_.-]+(\s*[, ]\s*[A-Za-z0-9_.-]+)*$/.test(value.trim()) && HOSTISH.test(name);
  // A broker list of one Kafka target is that target's broker list.
  const items = value.split(',').map((s) => s.trim());
  const kafka = targets.get(items[0]!.split(':')[0]!);
  if (kafka?.type === 'kafka' && items.every((i) => i.split(':')[0] === kafka.name) && /^[\w.:,\s-]+$/.test(value)) {
    hits.add(kafka.name);
    return `\${infra.${kafka.name}.brokers}`;
  }
  return value.replace(ENDPOINT, (match, scheme: string | undefined, user: string | undefined, password: string | undefined, host: string, port: string | undefined, path: string | undefined) => {
    const t = targets.get(host);
    if (!t || (!scheme && !port && !bareList)) return match;
    if (t.kind === 'worker' || t.kind === 'job') {
      review.push(`${name} names ${host}, a ${t.kind} without ports: nothing answers there in Kubernetes`);
      return match;
    }
    hits.add(host);
    const userinfo = user !== undefined ? `${user}${password !== undefined ? `:${password}` : ''}@` : '';
    if (t.kind === 'service') {
      const p = port ? t.ports.get(Number(port)) : undefined;
      return `${scheme ?? ''}${userinfo}\${services.${host}.host}${port ? `:${p ? `\${services.${host}.ports.${p}}` : port}` : ''}${path ?? ''}`;
    }
    const entry = t.entry!;
    let creds = '';
    if (scheme) {
      const u = user ? (entry.supportsDatabases || t.type === 'clickhouse' ? `\${infra.${host}.user}` : user) : '';
      const needs = entry.needsPassword && (password !== undefined || user !== undefined || t.type === 'redis');
      if (needs && password === undefined) review.push(`${name}: slipway's ${t.type} needs a password, added to the URL`);
      creds = u || needs ? `${u}${needs ? `:\${infra.${host}.password}` : ''}@` : '';
    }
    const portRef = port ? infraPort(t, Number(port)) : undefined;
    if (port && !portRef) review.push(`${name}: port ${port} of ${host} is not the catalog's port (${entry.port}); kept as written`);
    // The infra's own database in a URL path becomes its reference; another database is the app's business.
    const db = path?.slice(1);
    const dbRef = scheme && db && entry.supportsDatabases && db === t.creds?.database ? `/\${infra.${host}.database}` : (path ?? '');
    if (scheme && db && entry.supportsDatabases && db !== t.creds?.database) review.push(`${name}: database ${db} is not one slipway creates on ${host}; give it its own with uses: [{${host}: {database: ${db}}}]`);
    return `${scheme ?? ''}${creds}\${infra.${host}.host}${port ? `:${portRef ?? port}` : ''}${dbRef}`;
  });
}

/**
 * Credentials written inside a value the URL reader does not know (a Go MySQL DSN `user:pw@tcp(host)/db`, a
 * JDBC string, …) of a server the value names: `user:password@` and every password compose gave that server
 * become references, so no compose password reaches the stack.
 */
function withoutPasswords(value: string, targets: ReadonlyMap<string, Target>, hits: ReadonlySet<string>): string {
  let out = value;
  for (const name of hits) {
    const t = targets.get(name);
    if (t?.kind !== 'infra' || !t.creds) continue;
    for (const pw of [...new Set(t.creds.secrets ?? [])].sort((a, b) => b.length - a.length)) {
      out = out.replace(new RegExp(`([A-Za-z0-9_.-]+):${pw.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}@`, 'g'), () => `\${infra.${name}.user}:\${infra.${name}.password}@`);
      out = out.replaceAll(pw, () => `\${infra.${name}.password}`);
    }
  }
  return out;
}

/** Exact values of infra credentials (DB_USER=app, DB_PASSWORD=…) become references to the generated ones. */
function credential(name: string, value: string, targets: ReadonlyMap<string, Target>, hits: Set<string>): string | undefined {
  const wants: [RegExp, 'user' | 'password' | 'database'][] = [
    [/PASS/i, 'password'],
    [/USER/i, 'user'],
    [/(DB|DATABASE|NAME)/i, 'database'],
  ];
  for (const [re, key] of wants) {
    if (!re.test(name)) continue;
    for (const t of targets.values()) {
      if (t.kind !== 'infra' || t.creds?.[key] === undefined || t.creds[key] !== value) continue;
      hits.add(t.name);
      return `\${infra.${t.name}.${key}}`;
    }
  }
  return undefined;
}

export function wireEnv(env: ReadonlyMap<string, string | undefined>, targets: ReadonlyMap<string, Target>, self: string): Wired {
  const others = new Map([...targets].filter(([n]) => n !== self));
  const out: [string, string][] = [];
  const hits = new Set<string>();
  const secrets: string[] = [];
  const review: string[] = [];
  for (const [name, value] of env) {
    if (value === undefined) continue;
    const before = hits.size;
    const cred = credential(name, value, others, hits);
    const rewritten = cred ?? withoutPasswords(rewrite(name, value, others, hits, review), others, hits);
    if (rewritten === value && hits.size === before && SECRETISH.test(name) && value && !value.includes('${')) {
      secrets.push(name);
      continue;
    }
    out.push([name, rewritten]);
  }
  const uses = new Map<string, Set<string>>();
  const taken = new Set(out.map(([n]) => n));
  for (const t of hits) {
    const drop = new Set<string>();
    for (const [key, varName] of Object.entries(defaultEnv(targets.get(t)!))) if (taken.has(varName)) drop.add(key);
    uses.set(t, drop);
  }
  return { env: out, uses, secrets, review };
}
