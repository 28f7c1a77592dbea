/** Stack probes → core/v1 Probe. */
import type { ResolvedProbe } from '../model/resolved.js';

export function k8sProbe(p: ResolvedProbe): Record<string, unknown> {
  const action = p.exec
    ? { exec: { command: p.exec } }
    : p.http
      ? { httpGet: { path: p.http, port: p.port } }
      : { tcpSocket: { port: p.port } };
  return {
    ...action,
    failureThreshold: p.failureThreshold,
    initialDelaySeconds: p.initialDelay,
    periodSeconds: p.period,
    timeoutSeconds: p.timeout,
  };
}

/** Probe with the usual timings, for catalog entries. */
export function execProbe(command: string[], timing: Partial<Omit<ResolvedProbe, 'exec'>> = {}): Record<string, unknown> {
  return k8sProbe({ exec: command, initialDelay: 0, period: 10, timeout: 5, failureThreshold: 3, ...timing });
}
