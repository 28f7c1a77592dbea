/** Small constructors for the objects every generator needs, so their shape is written once. */
import type { K8sObject } from '../k8s/object.js';

export interface Meta {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
}

function metadata(m: Meta): K8sObject['metadata'] {
  return { name: m.name, namespace: m.namespace, labels: m.labels, ...(m.annotations && Object.keys(m.annotations).length ? { annotations: m.annotations } : {}) };
}

export function serviceAccount(m: Meta, automount: boolean): K8sObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: metadata(m), automountServiceAccountToken: automount };
}

export function configMap(m: Meta, data: Record<string, string>): K8sObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: metadata(m), data };
}

export interface ServicePort {
  name: string;
  port: number;
  targetPort: string | number;
  protocol?: string;
  nodePort?: number;
}

export function service(m: Meta, selector: Record<string, string>, ports: ServicePort[], opts: { headless?: boolean; publishNotReady?: boolean; type?: string } = {}): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(m),
    spec: {
      ...(opts.headless ? { clusterIP: 'None' } : {}),
      ports: ports.map((p) => ({ name: p.name, ...(p.nodePort !== undefined ? { nodePort: p.nodePort } : {}), port: p.port, protocol: p.protocol ?? 'TCP', targetPort: p.targetPort })),
      ...(opts.publishNotReady ? { publishNotReadyAddresses: true } : {}),
      selector,
      type: opts.type ?? 'ClusterIP',
    },
  };
}

export function volumeClaimTemplate(name: string, labels: Record<string, string>, storage: string, storageClass?: string): Record<string, unknown> {
  return {
    metadata: { name, labels },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage } },
      ...(storageClass ? { storageClassName: storageClass } : {}),
    },
  };
}

export { metadata };
