/**
 * Compose's short and long syntaxes, each turned into one shape. Every reader takes the raw value and its path,
 * reports a located error for a value the Compose Specification does not allow, and returns what it could read.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { parse as parseShell } from 'shell-quote';
import { withFs } from '../diagnostics/fs-error.js';
import type { ModelPath } from '../load/source.js';
import { isRaw, type ComposeProject, type Raw } from './compose-project.js';
import { interpolate } from './interpolate.js';
import type { Notes } from './notes.js';

type Path = (string | number)[];

/** A command as compose runs it: a list as is; a string split like a shell would, or run by a shell when it needs one. */
export function commandOf(v: unknown, path: Path, notes: Notes): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.map(String);
  if (typeof v !== 'string') {
    notes.error(path, 'a command is a string or a list of strings', 'e.g. command: ["npm", "start"]');
    return undefined;
  }
  // `$VAR` left after interpolation is for the container: keep it as written.
  const words = parseShell(v, (key) => `$${key}`);
  return words.every((w) => typeof w === 'string') ? (words as string[]) : ['/bin/sh', '-c', v];
}

export interface EnvValue {
  /** undefined: compose takes it from the shell at `docker compose up`. */
  value: string | undefined;
  path: ModelPath;
}

function envFiles(svc: Raw, base: Path, project: ComposeProject): Map<string, EnvValue> {
  const out = new Map<string, EnvValue>();
  const raw = svc.env_file;
  if (raw === undefined || raw === null) return out;
  const list = Array.isArray(raw) ? raw : [raw];
  list.forEach((entry, i) => {
    const path = Array.isArray(raw) ? [...base, 'env_file', i] : [...base, 'env_file'];
    const file = typeof entry === 'string' ? entry : isRaw(entry) && typeof entry.path === 'string' ? entry.path : undefined;
    if (!file) return void project.notes.error(path, 'env_file entries are paths, or {path, required}', 'e.g. env_file: [.env.api]');
    const full = join(project.dir, file);
    if (!existsSync(full)) {
      if (!(isRaw(entry) && entry.required === 'false')) project.notes.error(path, `env file not found: ${file}`, 'create it, or mark it optional: {path: ..., required: false}');
      return;
    }
    const parsed = parseDotenv(withFs(full, 'read', () => readFileSync(full, 'utf8')));
    for (const [k, v] of Object.entries(parsed)) out.set(k, { value: interpolate(v, project.vars).value, path });
  });
  return out;
}

/** env_file entries first, then `environment` (which wins), in the order written. */
export function environmentOf(svc: Raw, base: Path, project: ComposeProject): Map<string, EnvValue> {
  const out = envFiles(svc, base, project);
  const raw = svc.environment;
  if (Array.isArray(raw)) {
    raw.forEach((item, i) => {
      const text = String(item);
      const eq = text.indexOf('=');
      out.set(eq < 0 ? text : text.slice(0, eq), { value: eq < 0 ? undefined : text.slice(eq + 1), path: [...base, 'environment', i] });
    });
  } else if (isRaw(raw)) {
    for (const [k, v] of Object.entries(raw)) out.set(k, { value: v === null ? undefined : String(v), path: [...base, 'environment', k] });
  } else if (raw !== undefined && raw !== null) {
    project.notes.error([...base, 'environment'], 'environment is a map or a list of KEY=value', 'e.g. environment: {LOG_LEVEL: info}');
  }
  return out;
}

export interface PortSpec {
  target: number;
  protocol: 'TCP' | 'UDP';
  published?: string;
  name?: string;
  path: ModelPath;
}

function portRange(text: string): number[] | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = m[2] ? Number(m[2]) : from;
  if (from < 1 || to > 65535 || to < from || to - from > 100) return undefined;
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** `ports` (short "[ip:][host:]container[/proto]" or long {target, published, protocol, name}) and `expose`. */
export function portsOf(svc: Raw, base: Path, notes: Notes): PortSpec[] {
  const out: PortSpec[] = [];
  const bad = (path: Path) => notes.error(path, 'not a port: expected "[host:]container[/tcp|udp]", a number, or {target: n}', 'e.g. "8080:80" or {target: 80, published: 8080}');
  const list = (key: string) => (Array.isArray(svc[key]) ? (svc[key] as unknown[]) : svc[key] === undefined ? [] : (bad([...base, key]), []));
  list('ports').forEach((p, i) => {
    const path = [...base, 'ports', i];
    if (isRaw(p)) {
      const target = Number(p.target);
      if (!Number.isInteger(target) || target < 1 || target > 65535) return void bad(path);
      out.push({ target, protocol: String(p.protocol ?? 'tcp').toUpperCase() === 'UDP' ? 'UDP' : 'TCP', ...(p.published ? { published: String(p.published) } : {}), ...(typeof p.name === 'string' ? { name: p.name } : {}), path });
      return;
    }
    const [spec, proto = 'tcp'] = String(p).split('/');
    const parts = spec!.split(':');
    const targets = portRange(parts.at(-1)!);
    if (!targets || !/^(tcp|udp)$/i.test(proto)) return void bad(path);
    const published = parts.length > 1 ? parts.at(-2) : undefined;
    for (const target of targets) out.push({ target, protocol: proto.toUpperCase() as 'TCP' | 'UDP', ...(published ? { published } : {}), path });
  });
  list('expose').forEach((p, i) => {
    const [spec, proto = 'tcp'] = String(p).split('/');
    const targets = portRange(spec!);
    if (!targets || !/^(tcp|udp)$/i.test(proto)) return void bad([...base, 'expose', i]);
    for (const target of targets) out.push({ target, protocol: proto.toUpperCase() as 'TCP' | 'UDP', path: [...base, 'expose', i] });
  });
  const seen = new Set<string>();
  return out.filter((p) => !seen.has(`${p.target}/${p.protocol}`) && seen.add(`${p.target}/${p.protocol}`));
}

export interface MountSpec {
  type: 'volume' | 'bind' | 'tmpfs' | 'anonymous';
  source?: string;
  target: string;
  readOnly: boolean;
  path: ModelPath;
}

/** `volumes` (short "source:target[:mode]" or long {type, source, target, read_only}) and `tmpfs`. */
export function mountsOf(svc: Raw, base: Path, notes: Notes): MountSpec[] {
  const out: MountSpec[] = [];
  const raw = svc.volumes;
  (Array.isArray(raw) ? raw : []).forEach((v, i) => {
    const path = [...base, 'volumes', i];
    if (isRaw(v)) {
      const type = String(v.type ?? 'volume');
      if (typeof v.target !== 'string' || !['volume', 'bind', 'tmpfs'].includes(type)) {
        return void notes.error(path, 'a long-syntax volume needs type (volume, bind or tmpfs) and target', 'e.g. {type: volume, source: data, target: /data}');
      }
      const source = typeof v.source === 'string' ? v.source : undefined;
      out.push({ type: type === 'volume' && !source ? 'anonymous' : (type as MountSpec['type']), ...(source ? { source } : {}), target: v.target, readOnly: v.read_only === 'true', path });
      return;
    }
    const parts = String(v).split(':');
    if (parts.length === 1) return void out.push({ type: 'anonymous', target: parts[0]!, readOnly: false, path });
    const [source, target, mode = ''] = parts;
    const bind = /^[./~]/.test(source!);
    out.push({ type: bind ? 'bind' : 'volume', source: source!, target: target!, readOnly: mode.split(',').includes('ro'), path });
  });
  if (raw !== undefined && !Array.isArray(raw)) notes.error([...base, 'volumes'], 'volumes is a list', 'e.g. volumes: ["data:/var/lib/data"]');
  const tmpfs = svc.tmpfs;
  (Array.isArray(tmpfs) ? tmpfs : typeof tmpfs === 'string' ? [tmpfs] : []).forEach((t, i) => {
    out.push({ type: 'tmpfs', target: String(t).split(':')[0]!, readOnly: false, path: Array.isArray(tmpfs) ? [...base, 'tmpfs', i] : [...base, 'tmpfs'] });
  });
  return out;
}

export interface DependsOn {
  name: string;
  condition: 'service_started' | 'service_healthy' | 'service_completed_successfully';
  path: ModelPath;
}

export function dependsOnOf(svc: Raw, base: Path, notes: Notes): DependsOn[] {
  const raw = svc.depends_on;
  if (raw === undefined || raw === null) return [];
  if (Array.isArray(raw)) return raw.map((name, i) => ({ name: String(name), condition: 'service_started', path: [...base, 'depends_on', i] }));
  if (!isRaw(raw)) {
    notes.error([...base, 'depends_on'], 'depends_on is a list of services or a map of service → {condition}', 'e.g. depends_on: {db: {condition: service_healthy}}');
    return [];
  }
  return Object.entries(raw).map(([name, v]) => {
    const condition = isRaw(v) && typeof v.condition === 'string' ? v.condition : 'service_started';
    const path = [...base, 'depends_on', name];
    if (!['service_started', 'service_healthy', 'service_completed_successfully'].includes(condition)) {
      notes.error([...path, 'condition'], `unknown depends_on condition "${condition}"`, 'use service_started, service_healthy or service_completed_successfully');
    }
    return { name, condition: condition as DependsOn['condition'], path };
  });
}

/** Seconds of a compose duration ("1m30s", "10s", "500ms"), rounded up to a whole second (probes count in seconds). */
export function seconds(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  const text = String(v);
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001, us: 1e-6 };
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|us|h|m|s)/gy;
  let m: RegExpExecArray | null;
  let read = 0;
  while ((m = re.exec(text))) {
    total += Number(m[1]) * units[m[2]!]!;
    read = re.lastIndex;
  }
  if (read !== text.length || !text) return undefined;
  return Math.max(1, Math.ceil(total));
}

/** A compose byte value ("512m", "1gb", "2048k", 1073741824) as a Kubernetes quantity; compose's units are powers of 1024. */
export function quantityOf(v: unknown): string | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(b|k|kb|m|mb|g|gb|t|tb)?$/i.exec(String(v ?? '').trim());
  if (!m) return undefined;
  const unit = (m[2] ?? 'b').toLowerCase()[0]!;
  const suffix: Record<string, string> = { b: '', k: 'Ki', m: 'Mi', g: 'Gi', t: 'Ti' };
  return `${m[1]}${suffix[unit]}`;
}

/** Compose's `cpus: "0.5"` as millicores. */
export function cpuOf(v: unknown): string | undefined {
  const n = Number(v);
  return Number.isFinite(n) && n > 0 ? `${Math.round(n * 1000)}m` : undefined;
}
