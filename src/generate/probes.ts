/** Stack probes → core/v1 Probe. */
import type { V1Probe } from '@kubernetes/client-node';
import type { ResolvedProbe } from '../model/resolved.js';

/** Resolve reports a network probe without a port as a stack problem, so one here is a bug. */
function portOf(p: ResolvedProbe): string | number {
  if (p.port === undefined) throw new Error('k8sProbe: an http or tcp probe without a port');
  return p.port;
}

export function k8sProbe(p: ResolvedProbe): V1Probe {
  const action = p.exec ? { exec: { command: p.exec } } : p.http ? { httpGet: { path: p.http, port: portOf(p) } } : { tcpSocket: { port: portOf(p) } };
  return {
    ...action,
    failureThreshold: p.failureThreshold,
    initialDelaySeconds: p.initialDelay,
    periodSeconds: p.period,
    timeoutSeconds: p.timeout,
  };
}

/** Probe with the usual timings, for catalog entries. */
export function execProbe(command: string[], timing: Partial<Omit<ResolvedProbe, 'exec'>> = {}): V1Probe {
  return k8sProbe({ exec: command, initialDelay: 0, period: 10, timeout: 5, failureThreshold: 3, ...timing });
}
