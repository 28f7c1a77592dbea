/**
 * A compose healthcheck as Kubernetes probes. An HTTP check against the container itself (`curl -f
 * http://localhost:8080/health`, `wget -qO- …`) becomes an `http` probe the kubelet runs, so the image no longer
 * needs curl; anything else runs as an exec probe, as compose ran it. Compose only marks a container unhealthy
 * (it never restarts one), so the check becomes readiness, and its start period a startup probe.
 */
import type { ModelPath } from '../load/source.js';
import { isRaw } from './compose-project.js';
import type { Notes } from './notes.js';
import { seconds } from './normalize.js';

export interface Probe {
  http?: string;
  exec?: string[];
  port?: number;
  period?: number;
  timeout?: number;
  failureThreshold?: number;
}

export interface Health {
  readiness: Probe;
  startup?: Probe;
}

const LOCAL_URL = /\bhttps?:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::(\d{1,5}))?(\/[^\s'"|;&]*)?/;

function command(test: unknown): string[] | 'none' | undefined {
  if (typeof test === 'string') return test ? ['/bin/sh', '-c', test] : undefined;
  if (!Array.isArray(test) || !test.length) return undefined;
  const [how, ...rest] = test.map(String);
  if (how === 'NONE') return 'none';
  if (how === 'CMD') return rest.length ? rest : undefined;
  if (how === 'CMD-SHELL') return rest.length ? ['/bin/sh', '-c', rest.join(' ')] : undefined;
  return undefined;
}

export function healthOf(raw: unknown, path: ModelPath, notes: Notes): Health | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isRaw(raw)) {
    notes.error(path, 'healthcheck is a map', 'e.g. healthcheck: {test: ["CMD", "curl", "-f", "http://localhost:8080/health"]}');
    return undefined;
  }
  if (raw.disable === 'true') return undefined;
  const cmd = command(raw.test);
  if (cmd === 'none') return undefined;
  if (!cmd) {
    notes.error([...path, 'test'], 'healthcheck test must be a string or a list starting with CMD, CMD-SHELL or NONE', 'e.g. test: ["CMD-SHELL", "pg_isready"]');
    return undefined;
  }
  const joined = cmd.join(' ');
  const url = /\b(curl|wget)\b/.test(joined) ? LOCAL_URL.exec(joined) : null;
  const action: Probe = url ? { http: url[2] ?? '/', port: Number(url[1] ?? (joined.includes('https://') ? 443 : 80)) } : { exec: cmd };
  const timing = (p: Probe, key: keyof Probe, v: number | undefined) => v !== undefined && Object.assign(p, { [key]: v });
  const readiness: Probe = { ...action };
  timing(readiness, 'period', seconds(raw.interval));
  timing(readiness, 'timeout', seconds(raw.timeout));
  const retries = Number(raw.retries);
  if (raw.retries !== undefined && Number.isInteger(retries) && retries > 0) readiness.failureThreshold = retries;
  const start = seconds(raw.start_period);
  if (!start) return { readiness };
  // Compose probes every start_interval (default 5 s) during the start period, and failures there do not count.
  const every = seconds(raw.start_interval) ?? 5;
  return { readiness, startup: { ...action, period: every, failureThreshold: Math.max(1, Math.ceil(start / every)) } };
}
