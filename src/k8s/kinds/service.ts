import type { K8sObject } from '../object.js';
import { ready, waiting, type Readiness } from '../readiness.js';
import type { KindInfo } from './kind.js';

function readiness(live: K8sObject): Readiness {
  const svc = live as unknown as {
    spec?: { type?: string };
    status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
  };
  const type = svc.spec?.type ?? 'ClusterIP';
  if (type !== 'LoadBalancer') return ready(type);
  const addresses = (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname).filter((a): a is string => !!a);
  return addresses.length ? ready(`load balancer at ${addresses.join(', ')}`) : waiting('waiting for the load balancer to get an address');
}

export const service: KindInfo = { apiVersion: 'v1', kind: 'Service', phase: 'network', namespaced: true, prunable: true, readiness };
