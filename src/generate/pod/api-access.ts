/**
 * API access for the one container that needs it: an init container that waits for a Job with `kubectl wait`.
 * The pod keeps automountServiceAccountToken off, so the app container never holds a token; this projected
 * volume gives the wait container what the kubelet would mount (token, cluster CA, namespace) at the path
 * kubectl's in-cluster config reads.
 */
import type { V1Volume, V1VolumeMount } from '@kubernetes/client-node';

export const API_ACCESS_VOLUME = 'wait-api-access';

/** Where in-cluster clients look for the token, ca.crt and namespace. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * The shortest lifetime the API server issues (ten minutes). The kubelet refreshes the file before it expires
 * and kubectl re-reads it, so a wait longer than that keeps working, while a leaked token soon stops.
 */
export const API_TOKEN_SECONDS = 600;

/** `name`: another volume name for a pod whose server itself calls the API (a Prometheus discovering pods). */
export function apiAccessVolume(name = API_ACCESS_VOLUME): V1Volume {
  return {
    name,
    projected: {
      // 0644 as the API server would default it, so a server-side diff sees no change.
      defaultMode: 0o644,
      sources: [
        { serviceAccountToken: { expirationSeconds: API_TOKEN_SECONDS, path: 'token' } },
        { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
        { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
      ],
    },
  };
}

export function apiAccessMount(name = API_ACCESS_VOLUME): V1VolumeMount {
  return { mountPath: SERVICE_ACCOUNT_DIR, name, readOnly: true };
}
