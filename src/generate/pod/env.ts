/** Resolved env vars → core/v1 EnvVar; secrets reach containers only through secretKeyRef. */
import type { V1EnvVar } from '@kubernetes/client-node';
import type { EnvVar } from '../../model/resolved.js';

export function k8sEnv(env: readonly EnvVar[]): V1EnvVar[] {
  return env.map((e) => ('secret' in e ? { name: e.name, valueFrom: { secretKeyRef: { key: e.secret.key, name: e.secret.name } } } : { name: e.name, value: e.value }) satisfies V1EnvVar);
}
