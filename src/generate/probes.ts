/** Stack probes → core/v1 Probe. */
import type { V1Probe } from '@kubernetes/client-node';
import type { ResolvedProbe } from '../model/resolved.js';

/** Resolve reports a network probe without a port as a stack problem, so one here is a bug. */
function portOf(p: ResolvedProbe): string | number {
  if (p.port === undefined) throw new Error('k8sProbe: an http or tcp probe without a port');
  return p.port;
}

function action(p: ResolvedProbe): V1Probe {
  if (p.exec) return { exec: { command: p.exec } };
  if (p.http) return { httpGet: { ...(p.headers?.length ? { httpHeaders: p.headers } : {}), path: p.http, port: portOf(p) } };
  if (p.grpc) return { grpc: { port: Number(portOf(p)), ...(p.grpc.service !== undefined ? { service: p.grpc.service } : {}) } };
  return { tcpSocket: { port: portOf(p) } };
}

export function k8sProbe(p: ResolvedProbe): V1Probe {
  return {
    ...action(p),
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
