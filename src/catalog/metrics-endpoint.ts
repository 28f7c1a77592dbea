/**
 * The metrics endpoint of a scraped internal instance (observability.metrics): the standard exporter as a
 * container beside the server, or a port the server serves itself, always named `metrics` on the pods and on
 * both Services. serverObjects applies it only when `infra.metrics` is set, so unscraped instances render as
 * before, and every entry's exporter gets the same hardening.
 */
import { METRICS_PORT } from '../model/observability.js';
import type { EnvVar, ResolvedResources } from '../model/resolved.js';
import { k8sProbe } from '../generate/probes.js';
import { k8sResources } from '../generate/resources.js';
import { containerSecurityContext } from '../generate/security.js';
import { k8sEnv } from '../generate/pod/env.js';
import type { Container, MetricsEndpoint } from './contract.js';

/** An exporter answers one scrape at a time with a few MiB: a small fixed share beside the server. */
const EXPORTER_RESOURCES: ResolvedResources = { limits: { cpu: '100m', memory: '64Mi', ephemeral: '32Mi' }, requests: { cpu: '10m', memory: '32Mi', ephemeral: '16Mi' } };

export interface ExporterSpec {
  /** Container name, e.g. postgres-exporter. */
  name: string;
  /** Pinned official image. */
  image: string;
  /** The image's own non-root user (its Dockerfile's USER). */
  uid: number;
  gid?: number;
  port: number;
  /** @default /metrics */
  path?: string;
  args?: string[];
  /** Connection settings; passwords only as secretKeyRef (EnvVar.secret). */
  env?: EnvVar[];
  /** Path of the exporter's own health answer; a TCP connect when it has none. */
  health?: string;
}

/** A hardened exporter container: read-only root, all capabilities dropped, probes on its own endpoint. */
export function exporterEndpoint(s: ExporterSpec): MetricsEndpoint & { exporter: Container } {
  // The probes ask the exporter, never the server: an exporter that fails to reach the server still answers,
  // and the server's own probes decide whether the pod takes traffic. Liveness only asks that the process
  // listens, like every catalog container's; readiness asks its health answer.
  const probe = (period: number, http?: string) => k8sProbe({ ...(http ? { http } : { tcp: true }), port: METRICS_PORT, initialDelay: 0, period, timeout: 5, failureThreshold: 3 });
  const exporter: Container = {
    name: s.name,
    image: s.image,
    ...(s.args?.length ? { args: s.args } : {}),
    ...(s.env?.length ? { env: k8sEnv(s.env) } : {}),
    ports: [{ containerPort: s.port, name: METRICS_PORT, protocol: 'TCP' }],
    resources: k8sResources(EXPORTER_RESOURCES),
    securityContext: containerSecurityContext(s.uid, s.gid ?? s.uid),
    livenessProbe: probe(30),
    readinessProbe: probe(10, s.health),
  };
  return { port: s.port, path: s.path ?? '/metrics', exporter };
}

/** A metrics port the server itself serves (ClickHouse, RabbitMQ). */
export function builtinEndpoint(port: number, path = '/metrics'): MetricsEndpoint {
  return { port, path };
}

interface Port {
  name: string;
  port: number;
  peerOnly?: boolean;
  sidecar?: boolean;
}

/**
 * The server's ports with the metrics port: a port the server already declares with that number is renamed
 * `metrics` (RabbitMQ's prometheus port), else it is added; an exporter declares its container port itself.
 */
export function withMetricsPort<P extends Port>(ports: readonly P[], m: MetricsEndpoint | undefined): P[] {
  if (!m) return [...ports];
  if (!m.exporter && ports.some((p) => p.port === m.port)) return ports.map((p) => (p.port === m.port ? { ...p, name: METRICS_PORT } : p));
  return [...ports, { name: METRICS_PORT, port: m.port, ...(m.exporter ? { sidecar: true } : {}) } as P];
}
