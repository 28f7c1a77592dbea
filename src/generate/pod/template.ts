/** The pod template every service workload kind shares, hardened once; and the hashed name of a Job. */
import type { V1Container, V1EnvVar, V1PodTemplateSpec } from '@kubernetes/client-node';
import type { ResolvedService } from '../../model/resolved.js';
import type { GenerateContext } from '../context.js';
import { fitName, shortHash } from '../names.js';
import { k8sProbe } from '../probes.js';
import { k8sResources } from '../resources.js';
import { containerSecurityContext, podSecurityContext } from '../security.js';
import { emptyDirs, type VolumeSet } from '../volumes.js';
import { apiAccessVolume } from './api-access.js';
import { k8sEnv } from './env.js';
import { otelEnv } from './otel-env.js';
import { jobWaits, waitContainers } from './waits.js';
import { pulledTemplate } from '../image-pull.js';

/** Name of the volume (and ConfigMap key prefix) the service's files are mounted from. */
export const FILES_VOLUME = 'files';

/** Pod volume of a persistent volume: prefixed so it cannot meet a writable dir's name (tmp, var-cache, …). */
export function claimVolumeName(volume: string): string {
  return `pvc-${volume}`;
}

/** The ConfigMap holding a service's files. */
export function filesConfigMapName(s: ResolvedService): string {
  return `${s.name}-files`;
}

function appContainer(s: ResolvedService, scratch: VolumeSet, extraEnv: V1EnvVar[]): V1Container {
  const env = [...k8sEnv(s.env), ...extraEnv];
  return {
    name: s.base,
    image: s.image,
    ...(s.command ? { command: s.command } : {}),
    ...(s.args ? { args: s.args } : {}),
    ...(s.workingDir ? { workingDir: s.workingDir } : {}),
    ...(env.length ? { env } : {}),
    ...(s.ports.length ? { ports: s.ports.map((p) => ({ containerPort: p.port, name: p.name, protocol: p.protocol })) } : {}),
    ...(s.health.liveness ? { livenessProbe: k8sProbe(s.health.liveness) } : {}),
    ...(s.health.readiness ? { readinessProbe: k8sProbe(s.health.readiness) } : {}),
    ...(s.health.startup ? { startupProbe: k8sProbe(s.health.startup) } : {}),
    ...(s.preStop ? { lifecycle: { preStop: 'sleep' in s.preStop ? { sleep: { seconds: s.preStop.sleep } } : { exec: { command: s.preStop.exec } } } } : {}),
    resources: k8sResources(s.resources, scratch.volumes),
    securityContext: containerSecurityContext(s.user, s.user, s.readOnlyRootFilesystem),
    volumeMounts: [
      ...s.files.map((f) => ({ mountPath: f.path, name: FILES_VOLUME, readOnly: true, subPath: f.key })),
      ...scratch.mounts,
      ...s.volumes.map((v) => ({ mountPath: v.path, name: claimVolumeName(v.name) })),
    ],
  } satisfies V1Container;
}

/** Pod template shared by every workload kind. Key order matters: a Job's name hashes this object. */
export function podTemplate(s: ResolvedService, ctx: GenerateContext, labels: Readonly<Record<string, string>>, restartPolicy?: string): V1PodTemplateSpec {
  const scratch: VolumeSet = s.readOnlyRootFilesystem ? emptyDirs(s.writable) : { volumes: [], mounts: [] };
  const waits = waitContainers(s.uses, ctx);
  const annotations: Record<string, string> = { ...s.annotations };
  // Files are mounted with subPath, which never updates in place; a hash of their content rolls the pods instead.
  if (s.files.length) annotations['slipway.dev/config-hash'] = shortHash(JSON.stringify(s.files), 16);
  return {
    metadata: { labels: { ...labels }, ...(Object.keys(annotations).length ? { annotations } : {}) },
    spec: {
      // Only a service that asks for a token gets one; a Job wait reads its own token volume (api-access.ts).
      automountServiceAccountToken: s.serviceAccountToken,
      containers: [appContainer(s, scratch, otelEnv(s, ctx))],
      // Service links would inject FOO_PORT=tcp://… variables that clash with our wiring names.
      enableServiceLinks: false,
      ...(waits.length ? { initContainers: waits } : {}),
      ...(Object.keys(s.placement.nodeSelector).length ? { nodeSelector: s.placement.nodeSelector } : {}),
      ...(restartPolicy ? { restartPolicy } : {}),
      securityContext: podSecurityContext(s.user),
      serviceAccountName: s.name,
      ...(s.gracePeriod !== undefined ? { terminationGracePeriodSeconds: s.gracePeriod } : {}),
      ...(s.placement.tolerations.length ? { tolerations: s.placement.tolerations } : {}),
      volumes: [
        ...(s.files.length ? [{ configMap: { name: filesConfigMapName(s) }, name: FILES_VOLUME }] : []),
        ...scratch.volumes,
        ...s.volumes.map((v) => ({ name: claimVolumeName(v.name), persistentVolumeClaim: { claimName: v.claim } })),
        ...(jobWaits(s.uses).length ? [apiAccessVolume()] : []),
      ],
    },
  } satisfies V1PodTemplateSpec;
}

/** Job objects are immutable once created, so a Job's name carries a hash of its spec: a change means a new run. */
export function jobName(s: ResolvedService, ctx: GenerateContext): string {
  // The pull is patched on after the builders (generate/image-pull.ts) but is part of the pod all the same.
  const template = pulledTemplate(podTemplate(s, ctx, {}), s.pull);
  return fitName([s.name, shortHash(JSON.stringify(template), 8)], 63);
}
