/**
 * The configuration of an internal instance (catalog/infra-config.ts) added to its server: env after the
 * entry's own, arguments after the entry's (the images' entrypoints pass trailing arguments on to the server),
 * and the files in one ConfigMap, each mounted read-only with subPath so the image's other files in the same
 * directory (ClickHouse's config.d/docker_related_config.xml, MySQL's conf.d defaults) stay visible.
 * subPath mounts never update in place: a hash of the files on the pod template rolls the StatefulSet instead.
 */
import type { V1Container } from '@kubernetes/client-node';
import type { CatalogEntry, CatalogOutput } from '../catalog/contract.js';
import { configOf, isEmptyConfig, type InfraConfig } from '../catalog/infra-config.js';
import type { K8sObject } from '../k8s/object.js';
import type { ResolvedInfra } from '../model/resolved.js';
import { configMap } from './objects.js';
import { fitName, shortHash } from './names.js';
import type { CatalogContext } from '../catalog/contract.js';
import { infraLabels } from '../catalog/common.js';

/** The pod-template annotation services use for the same purpose (generate/pod/template.ts). */
export const CONFIG_HASH = 'slipway.dev/config-hash';
const VOLUME = 'slipway-files';

export function infraFilesName(infra: ResolvedInfra): string {
  return fitName([infra.name, 'files']);
}

/** ConfigMap keys: the path with `/` as `_`, made unique (a key may not hold `/`). */
function keysOf(config: InfraConfig): string[] {
  const seen = new Set<string>();
  return config.files.map((f) => {
    let key = f.path.replace(/^\//, '').replace(/[^-._a-zA-Z0-9]/g, '_');
    for (let n = 2; seen.has(key); n++) key = `${n}-${key}`;
    seen.add(key);
    return key;
  });
}

type PodTemplate = { metadata?: { annotations?: Record<string, string> } & Record<string, unknown>; spec: { containers: V1Container[]; volumes?: unknown[] } & Record<string, unknown> };

/** The entry's output with the configuration on its server StatefulSet (the one named after the instance). */
export function withInfraConfig(entry: CatalogEntry, infra: ResolvedInfra, out: CatalogOutput, ctx: CatalogContext): CatalogOutput {
  const config = configOf(entry, infra);
  if (isEmptyConfig(config)) return out;
  const keys = keysOf(config);
  const files = config.files.length
    ? [configMap({ name: infraFilesName(infra), namespace: out.namespace ?? ctx.namespace, labels: infraLabels(infra, ctx) }, Object.fromEntries(config.files.map((f, i) => [keys[i] ?? '', f.content])))]
    : [];
  const objects = out.objects.map((o): K8sObject => {
    // The server's workload: a StatefulSet, or the DaemonSet of a node agent (in its own namespace, beside the files).
    if ((o.kind !== 'StatefulSet' && o.kind !== 'DaemonSet') || o.metadata.name !== infra.name) return o;
    const spec = o.spec as { template: PodTemplate } & Record<string, unknown>;
    const [server, ...sidecars] = spec.template.spec.containers;
    if (!server) return o;
    const patched: V1Container = {
      ...server,
      ...(config.args.length ? { args: [...(server.args ?? []), ...config.args.flatMap((a) => a.args)] } : {}),
      ...(config.env.length ? { env: [...(server.env ?? []), ...config.env.map((e) => ({ name: e.name, value: e.value }))] } : {}),
      ...(config.files.length
        ? { volumeMounts: [...(server.volumeMounts ?? []), ...config.files.map((f, i) => ({ name: VOLUME, mountPath: f.path, subPath: keys[i] ?? '', readOnly: true }))] }
        : {}),
    };
    const annotations = { ...spec.template.metadata?.annotations, ...(config.files.length ? { [CONFIG_HASH]: shortHash(JSON.stringify(config.files.map((f) => [f.path, f.content])), 16) } : {}) };
    const template: PodTemplate = {
      ...spec.template,
      ...(Object.keys(annotations).length ? { metadata: { ...spec.template.metadata, annotations } } : {}),
      spec: {
        ...spec.template.spec,
        containers: [patched, ...sidecars],
        ...(config.files.length ? { volumes: [...(spec.template.spec.volumes ?? []), { name: VOLUME, configMap: { name: infraFilesName(infra) } }] } : {}),
      },
    };
    return { ...o, spec: { ...spec, template } } as K8sObject;
  });
  return { secrets: out.secrets, objects: [...files, ...objects], ...(out.namespace ? { namespace: out.namespace } : {}) };
}
