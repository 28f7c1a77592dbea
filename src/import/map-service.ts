/**
 * A compose service running the app's own image becomes a slipway service, worker or job: image, command,
 * env (wired by wiring.ts), ports, healthcheck, replicas, resources, volumes and files. What compose can say
 * and a stack cannot (host ports, networks, restart policies, …) is reported at its line, never dropped silently.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { withFs } from '../diagnostics/fs-error.js';
import { isRaw, type ComposeProject, type Raw } from './compose-project.js';
import type { Health, Probe } from './health.js';
import type { MountSpec, PortSpec } from './normalize.js';
import { cpuOf, quantityOf, seconds } from './normalize.js';

export type AppKind = 'service' | 'worker' | 'job';

/** Keys a stack has no place for, with the reason a reviewer reads. */
const NOT_MAPPED: Readonly<Record<string, string>> = {
  restart: 'Kubernetes restarts failed containers itself',
  networks: 'every component of a stack shares the namespace network (NetworkPolicies follow uses:)',
  network_mode: 'pods have their own network namespace',
  container_name: 'slipway names objects after the service',
  hostname: 'other components reach it by its Service name',
  links: 'uses: wires components',
  external_links: 'declare the server as infra with mode: external',
  labels: 'container labels have no place in a pod; put Kubernetes labels under labels:',
  logging: 'pods log to stdout; the cluster collects logs',
  extra_hosts: 'use DNS names the cluster resolves',
  dns: 'the cluster DNS serves pods',
  cap_add: 'slipway drops every capability',
  privileged: 'slipway never runs privileged containers',
  security_opt: 'slipway sets a restricted security context',
  devices: 'devices are not available to pods',
  ulimits: 'set limits in the image or the node',
  sysctls: 'sysctls need cluster policy',
  stdin_open: 'services run without a terminal; use kubectl exec',
  tty: 'services run without a terminal; use kubectl exec',
  init: 'run an init process in the image if the app needs one',
  platform: 'the cluster schedules on its nodes',
  extends: 'write the merged service',
  stop_signal: 'Kubernetes sends SIGTERM',
  ipc: 'pods do not share IPC with the host',
  pid: 'pods do not share PIDs with the host',
  mem_swappiness: 'not a pod setting',
  oom_score_adj: 'not a pod setting',
  shm_size: 'mount a writable: path at /dev/shm if the app needs it',
};

/** Keys the mappers read (the rest are reported). */
export const READ = new Set(['image', 'build', 'command', 'entrypoint', 'environment', 'env_file', 'ports', 'expose', 'volumes', 'tmpfs', 'depends_on', 'healthcheck', 'deploy', 'scale', 'profiles', 'secrets', 'configs', 'user', 'working_dir', 'read_only', 'stop_grace_period', 'pull_policy', 'mem_limit', 'mem_reservation', 'cpus']);

export function notMappedKeys(name: string, svc: Raw, project: ComposeProject): void {
  for (const key of Object.keys(svc)) {
    if (READ.has(key) || key.startsWith('x-')) continue;
    project.notes.notMapped(['services', name, key], `${name}: ${key} is not mapped${NOT_MAPPED[key] ? `: ${NOT_MAPPED[key]}` : ''}`);
  }
}

/** deploy.resources (and the older mem_limit/cpus): reservations are requests, limits are limits. */
export function resourcesOf(svc: Raw): Record<string, unknown> | undefined {
  const res = isRaw(svc.deploy) && isRaw(svc.deploy.resources) ? svc.deploy.resources : {};
  const limits = isRaw(res.limits) ? res.limits : {};
  const reserve = isRaw(res.reservations) ? res.reservations : {};
  const out: Record<string, unknown> = {};
  const lim: Record<string, unknown> = {};
  const set = (o: Record<string, unknown>, k: string, v: string | undefined) => v !== undefined && (o[k] = v);
  set(out, 'cpu', cpuOf(reserve.cpus));
  set(out, 'memory', quantityOf(reserve.memory ?? svc.mem_reservation));
  set(lim, 'cpu', cpuOf(limits.cpus ?? svc.cpus));
  set(lim, 'memory', quantityOf(limits.memory ?? svc.mem_limit));
  if (Object.keys(lim).length) out.limits = lim;
  return Object.keys(out).length ? out : undefined;
}

/** A port's name: compose's own when it is a valid one, `http` for the first web port, else `port-<n>`. */
export function portNames(ports: readonly PortSpec[], httpPorts: ReadonlySet<number>): Map<number, string> {
  const names = new Map<number, string>();
  const used = new Set<string>();
  for (const p of ports) {
    let name = p.name && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(p.name) && /[a-z]/.test(p.name) && p.name.length <= 15 ? p.name : '';
    if (!name && p.protocol === 'TCP' && httpPorts.has(p.target) && !used.has('http')) name = 'http';
    if (!name || used.has(name)) name = `port-${p.target}`;
    used.add(name);
    names.set(p.target, name);
  }
  return names;
}

function probeSpec(p: Probe, names: ReadonlyMap<number, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (p.http !== undefined) out.http = p.http;
  if (p.exec) out.exec = p.exec;
  if (p.port !== undefined) out.port = names.get(p.port) ?? p.port;
  if (p.period !== undefined) out.period = p.period;
  if (p.timeout !== undefined) out.timeout = p.timeout;
  if (p.failureThreshold !== undefined) out.failureThreshold = p.failureThreshold;
  return out;
}

export function healthSpec(h: Health | undefined, names: ReadonlyMap<number, string>): Record<string, unknown> | undefined {
  if (!h) return undefined;
  return { readiness: probeSpec(h.readiness, names), ...(h.startup ? { startup: probeSpec(h.startup, names) } : {}) };
}

/** Largest bind-mounted file copied into files: (a ConfigMap holds 1 MiB in all). */
const MAX_FILE = 256 * 1024;

/** The text of a bind-mounted file or a compose config, or why it cannot be a stack file. */
export function fileContent(project: ComposeProject, source: string): { text: string } | { why: string } {
  const full = join(project.dir, source);
  if (!existsSync(full)) return { why: `${source} does not exist next to the compose file` };
  const st = statSync(full);
  if (st.isDirectory()) return { why: `${source} is a folder: copy what the app needs into the image, or list its files under files:` };
  if (st.size > MAX_FILE) return { why: `${source} is larger than ${MAX_FILE / 1024} KiB: build it into the image` };
  const bytes = withFs(full, 'read', () => readFileSync(full));
  const text = bytes.toString('utf8');
  if (text.includes('\uFFFD') || text.includes('\0')) return { why: `${source} is not text: build it into the image` };
  return { text };
}

/** `${` in copied text is literal: the stack writes it `$${`. */
export const literal = (text: string) => text.replaceAll('${', () => '$${');

export interface VolumeUse {
  service: string;
  volume: string;
  mount: MountSpec;
}

/** Volumes, files and writable paths of one app service. */
export function storageOf(name: string, mounts: readonly MountSpec[], shared: ReadonlyMap<string, number>, replicas: number, project: ComposeProject, todo: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const volumes: Record<string, unknown> = {};
  const files: Record<string, string> = {};
  const writable: string[] = [];
  for (const m of mounts) {
    if (m.type === 'tmpfs' || m.type === 'anonymous') {
      writable.push(m.target);
      if (m.type === 'anonymous') project.notes.review(m.path, `${name}: the anonymous volume at ${m.target} becomes a writable directory that starts empty with each pod`);
      continue;
    }
    if (m.type === 'bind') {
      if (!m.readOnly) {
        project.notes.review(m.path, `${name}: the bind mount ${m.source} → ${m.target} is not mapped: a pod cannot see the machine's folders`, 'build the files into the image, or use a named volume');
        continue;
      }
      const content = fileContent(project, m.source!);
      if ('why' in content) project.notes.review(m.path, `${name}: the bind mount ${m.source} → ${m.target} is not mapped: ${content.why}`);
      else files[m.target] = literal(content.text);
      continue;
    }
    const volName = m.source!.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'data';
    const many = (shared.get(m.source!) ?? 0) > 1 || replicas > 1;
    const declared = isRaw(project.data.volumes) && isRaw(project.data.volumes[m.source!]) ? (project.data.volumes[m.source!] as Raw) : undefined;
    if (declared?.external === 'true') todo.push(`volume ${m.source} was external in compose: its data does not move to the cluster`);
    volumes[volName] = { path: m.target, size: '1Gi', ...(many ? { shared: true } : {}) };
    todo.push(`volume ${volName}: 1Gi is a guess; set size:${many ? ' (shared: needs a ReadWriteMany storage class)' : ''}`);
  }
  if (Object.keys(volumes).length) out.volumes = volumes;
  if (Object.keys(files).length) out.files = files;
  if (writable.length) out.writable = ['/tmp', ...writable.filter((w) => w !== '/tmp')];
  return out;
}

/** user: "1000" / "1000:1000" → the UID; names cannot be mapped. */
export function uidOf(user: unknown): number | string | undefined {
  if (user === undefined) return undefined;
  const uid = Number(String(user).split(':')[0]);
  return Number.isInteger(uid) ? uid : String(user);
}

export function gracePeriodOf(v: unknown): number | undefined {
  return seconds(v);
}

export const PULL_POLICY: Readonly<Record<string, string>> = { always: 'Always', never: 'Never', missing: 'IfNotPresent', if_not_present: 'IfNotPresent' };

export function kindFields(kind: AppKind): Record<string, unknown> {
  return kind === 'service' ? {} : { kind };
}
