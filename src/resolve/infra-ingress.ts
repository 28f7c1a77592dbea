/**
 * An infra entry's `ingress:`: the same Ingress a service gets, but only to a port its catalog entry declares as
 * HTTP (CatalogEntry.httpPorts). An Ingress controller speaks HTTP to its backends, so a PostgreSQL or Kafka port
 * behind one would take connections and fail every one of them; that is refused here, where it can be located.
 */
import type { CatalogEntry } from '../catalog/contract.js';
import type { ModelPath } from '../load/source.js';
import type { ResolvedIngress, ResolvedInfra } from '../model/resolved.js';
import type { InfraSpec } from '../model/stack.js';
import type { ResolveContext } from './context.js';
import { text } from './scope.js';

/** The resolved ingress of `infra`, or nothing (with an issue when the stack asked for one that cannot be). */
export function infraIngress(ctx: ResolveContext, spec: InfraSpec, entry: CatalogEntry, infra: ResolvedInfra): { ingress?: ResolvedIngress } {
  const ing = spec.ingress;
  if (!ing) return {};
  const at = (...rest: string[]): ModelPath => ['infra', infra.name, 'ingress', ...rest];
  if (infra.mode === 'external') {
    ctx.issues.push({
      code: 'infra-ingress',
      message: `"${infra.name}" is external: slipway runs no Service of it for an Ingress to route to`,
      hint: 'expose the server where it runs, or remove ingress:',
      path: at(),
    });
    return {};
  }
  const ports = Object.entries(entry.httpPorts ?? {});
  const wanted = ing.port ?? ports[0]?.[0];
  const port = ports.find(([name, number]) => name === wanted || number === wanted);
  if (!port) {
    const served = ports.map(([name, number]) => `${name} (${number})`).join(', ');
    ctx.issues.push({
      code: 'infra-ingress',
      message:
        wanted === undefined
          ? `${entry.type} serves no HTTP port an Ingress could route to`
          : `port ${JSON.stringify(wanted)} of ${entry.type} "${infra.name}" is not one it serves over HTTP, and an Ingress only routes HTTP`,
      hint: served ? `HTTP ports of ${entry.type}: ${served}` : `clients reach ${entry.type} inside the cluster; remove ingress:`,
      path: wanted === undefined || ing.port === undefined ? at() : at('port'),
    });
    return {};
  }
  return {
    ingress: {
      host: text(ctx, ing.host, ctx.globalScope, at('host')),
      path: ing.path ?? '/',
      port: port[0],
      ...(ing.tls ? { tls: { secretName: ing.tls === true ? `${infra.name}-tls` : ing.tls.secretName } } : {}),
      ...(ing.className ? { className: ing.className } : {}),
      annotations: ing.annotations ?? {},
    },
  };
}
