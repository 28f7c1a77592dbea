/**
 * `slipway logs COMPONENT`: the logs of every pod of a service (and of its tenant and shard copies) or of an
 * infra component, merged line by line with a `pod/container |` prefix; with `follow`, new pods are picked up
 * as they appear.
 */
import { componentOf } from '../k8s/object.js';
import { userError } from '../diagnostics/errors.js';
import type { LoadedStack } from '../load/load-stack.js';
import { suggest } from '../diagnostics/did-you-mean.js';
import { connectTarget, type TargetOptions } from './target.js';

export interface LogsOptions extends TargetOptions {
  follow?: boolean;
  sinceSeconds?: number;
  tenant?: string;
  /** Receives whole lines, already prefixed. */
  write: (line: string) => void;
  signal?: AbortSignal;
}

export async function logs(loaded: LoadedStack, service: string, opts: LogsOptions): Promise<void> {
  const { rendered, client } = await connectTarget(loaded, opts);
  const { resolved } = rendered;
  const instances = resolved.services.filter((s) => (s.base === service || s.name === service) && (!opts.tenant || s.tenant === opts.tenant)).map((s) => s.name);
  // Infra deployed by slipway has pods too (the server, its provisioning Job); external infra has none here.
  if (!opts.tenant) instances.push(...resolved.infra.filter((i) => i.name === service && i.mode === 'internal').map((i) => i.name));
  if (!instances.length) {
    const names = [...new Set([...resolved.services.map((s) => s.base), ...resolved.infra.filter((i) => i.mode === 'internal').map((i) => i.name)])];
    throw userError(`no service or infra "${service}"${opts.tenant ? ` for tenant ${opts.tenant}` : ''} in ${resolved.name}/${resolved.environment}`, suggest(service, names, 'components'));
  }
  const components = new Set(instances);
  const streaming = new Set<string>();
  const running: Promise<unknown>[] = [];
  const startNew = async () => {
    const pods = await client.list('v1', 'Pod', resolved.namespace, `app.kubernetes.io/instance=${resolved.name}`);
    for (const pod of pods.filter((p) => components.has(componentOf(p) ?? '')).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))) {
      const containers = ((pod as { spec?: { containers?: { name: string }[] } }).spec?.containers ?? []).map((c) => c.name);
      for (const c of containers) {
        const key = `${pod.metadata.name}/${c}`;
        if (streaming.has(key)) continue;
        streaming.add(key);
        let partial = '';
        const sink = (chunk: string) => {
          const lines = (partial + chunk).split('\n');
          partial = lines.pop() ?? '';
          for (const l of lines) opts.write(`${key} | ${l}`);
        };
        running.push(
          client
            .streamLogs(resolved.namespace, pod.metadata.name, c, sink, { follow: opts.follow ?? false, ...(opts.sinceSeconds ? { sinceSeconds: opts.sinceSeconds } : {}) })
            .then((ctrl) => opts.signal?.addEventListener('abort', () => ctrl.abort()))
            .catch((e: Error) => opts.write(`${key} | (logs unavailable: ${e.message})`))
            .finally(() => partial && opts.write(`${key} | ${partial}`)),
        );
      }
    }
  };
  await startNew();
  if (!opts.follow) {
    await Promise.all(running);
    return;
  }
  while (!opts.signal?.aborted) {
    await new Promise((r) => setTimeout(r, 2000));
    await startNew();
  }
}
